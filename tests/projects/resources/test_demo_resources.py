"""The resources share of the demo: built through the services, realistic bookings with member1 deliberately
over-allocated, past survey rounds feeding the KPI and an open round pm1 has not answered; reset removes it all."""

import pytest

from core import roles
from projects import demo_resources
from projects import resources_selectors as sel
from projects.models import Allocation, OrgUnit, Person, SurveyInvitation, SurveyRound
from tests.factories import ProjectFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def test_demo_part_builds_and_resets():
    users = {"pmo": user_with_role(roles.PMO, "pmo")}
    for name in ("pm1", "pm2", "pm3", "pm4"):
        users[name] = user_with_role(roles.PM, name)
    for i in range(1, 6):
        users[f"member{i}"] = user_with_role(roles.MEMBER, f"member{i}")
    unit = OrgUnit.objects.create(code="DEMO-U", name="U")
    for i in range(12):
        ProjectFactory(pm=users[f"pm{i % 4 + 1}"], org_unit=unit)
    counts = demo_resources.build(today=sel.month_start(), seed=2026)
    assert counts["People"] == 15 and counts["Allocations"] > 0
    over = {row["person__name"] for row in sel.over_allocations(sel.months_from())}
    member1 = Person.objects.get(user=users["member1"]).name
    assert over == {member1}
    assert SurveyRound.objects.filter(state="closed").count() == 3
    assert SurveyInvitation.objects.get(round__state="open", user=users["pm1"]).answered is False
    demo_resources.reset()
    assert not Person.objects.exists() and not Allocation.objects.exists() and not SurveyRound.objects.exists()
