"""The PMO KPIs, the satisfaction survey and the utilisation heat map in a real browser (issue 13, "Done when"):
pmo opens the KPI page and sees a trend chart; pm1 answers the satisfaction survey (from the home page) and the
KPI moves; pmo sees a person over-allocated on the heat map."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core import roles
from projects.models import Allocation, OrgUnit, Person
from projects.services import surveys
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(demo_users):
    today = timezone.localdate()
    unit = OrgUnit.objects.create(code="KPI-BR", name="Browser unit")
    p1 = ProjectFactory(pm=demo_users["pm1"], code="PRJ-2026-951", org_unit=unit)
    p2 = ProjectFactory(pm=demo_users["pm2"], code="PRJ-2026-952", org_unit=unit)
    person = Person.objects.create(name="Overbooked Person", org_unit=unit, capacity_fte=Decimal("1"))
    month = today.replace(day=1)
    Allocation.objects.create(person=person, project=p1, month=month, percent=70)
    Allocation.objects.create(person=person, project=p2, month=month, percent=60)
    others = [demo_users["pm2"], user_with_role(roles.PM, "pm8"), user_with_role(roles.PM, "pm9")]
    survey = surveys.open_round(actor=demo_users["pmo"], title="Browser round", closes_on=today + dt.timedelta(days=7))
    for user in others:
        surveys.answer_round(actor=user, survey=survey, score=2)
    return person


def satisfaction(page):
    return page.get_by_test_id("kpi-value-pm_satisfaction")


def test_kpis_survey_and_heatmap(page, live_server, login, setup):
    login("pmo")
    page.goto(f"{live_server.url}/kpis/")
    chart = page.get_by_test_id("chart-kpi-pm-satisfaction")
    expect(chart.locator(".main-svg").first).to_be_visible(timeout=20000)  # plotly drew the trend
    expect(chart.locator(".scatterlayer .trace")).to_have_count(1)
    expect(satisfaction(page)).to_contain_text("2.00")

    page.context.clear_cookies()
    login("pm1")
    page.goto(f"{live_server.url}/projects/work/")
    panel = page.get_by_test_id("survey-panel")
    expect(panel).to_be_visible()
    panel.get_by_role("link").click()
    page.locator("input[name=score][value='5']").check()
    page.locator("textarea[name=comment]").fill("いつも迅速な支援に感謝しています。")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    page.goto(f"{live_server.url}/projects/work/")
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("survey-panel")).to_have_count(0)  # not asked again

    page.context.clear_cookies()
    login("pmo")
    page.goto(f"{live_server.url}/kpis/")
    expect(satisfaction(page)).to_contain_text("2.75")  # (2 + 2 + 2 + 5) / 4

    page.goto(f"{live_server.url}/projects/resources/heatmap/")
    row = page.get_by_test_id("heatmap").locator("tr[data-over]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Overbooked Person")
    expect(row.locator("td[data-over]").first).to_contain_text("130%")
    expect(page.get_by_test_id("over-count")).to_contain_text("1")
