"""The weekly loop's queues (the PMO's and the PM's home, /projects/work/), on a frozen clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects import queues, services
from projects.models import ActionItem, Issue, ProjectMembership
from projects.services.status import ReportContent
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
WEEK = "2026-W48"  # Monday 2026-11-23 is 勤労感謝の日; the deadline is Friday 2026-11-27 17:00
REPORT = {
    "overall_rag": "green",
    "schedule_rag": "green",
    "cost_rag": "green",
    "quality_rag": "green",
    "scope_rag": "green",
    "percent_complete": 10,
    "summary": "順調",
}


def report(project, actor, week=WEEK, *, submit=False, **content):
    r = services.create_status_report(
        actor=actor, project=project, week=week, content=ReportContent.from_mapping({**REPORT, **content})
    )
    if submit:
        services.submit_status_report(actor=actor, report=r, expected_version=r.version)
        r.refresh_from_db()
    return r


def keyed(queue_list):
    return {q.key: q for q in queue_list}


@pytest.fixture
def portfolio(pm_user, other_pm, member_user, pmo_user):
    """A: pm_user's, submitted this week, asks for help; B: submitted last week only; C: returned; D: nothing ever;
    S: another PM's confidential project (nothing sent)."""
    with time_machine.travel(dt.datetime(2026, 11, 25, 10, 0, tzinfo=TOKYO), tick=False):
        a = ProjectFactory(code="PRJ-A", pm=pm_user)
        b = ProjectFactory(code="PRJ-B", pm=pm_user)
        c = ProjectFactory(code="PRJ-C", pm=other_pm)
        d = ProjectFactory(code="PRJ-D", pm=other_pm)
        s = ProjectFactory(code="PRJ-S", pm=other_pm, confidential=True)
        report(a, pm_user, submit=True, help_needed="要員が足りない")
        report(b, pm_user, week="2026-W46", submit=True)
        returned = report(c, other_pm, submit=True)
        services.review_status_report(
            actor=pmo_user, report=returned, accept=False, comment="数値を確認", expected_version=returned.version
        )
        Issue.objects.create(project=c, title="Vendor down", escalation_level="pmo", owner=other_pm)
        Issue.objects.create(project=a, title="Late spec", owner=pm_user, due_date=dt.date(2026, 11, 1))
        ActionItem.objects.create(project=a, title="Send minutes", owner=pm_user, due_date=dt.date(2026, 11, 20))
        ProjectMembership.objects.create(project=a, user=member_user)
    return {"A": a, "B": b, "C": c, "D": d, "S": s}


def test_pmo_queues_before_and_after_the_deadline(portfolio, pmo_user):
    before = dt.datetime(2026, 11, 27, 16, 59, tzinfo=TOKYO)
    ctx, qs = queues.pmo_queues(pmo_user, now=before)
    q = keyed(qs)
    assert ctx.week == WEEK and not ctx.past_deadline
    assert ctx.deadline == dt.datetime(2026, 11, 27, 17, 0, tzinfo=TOKYO)
    assert "missing" not in q and {p.code for p in q["not_yet_submitted"].rows} == {"PRJ-B", "PRJ-D", "PRJ-S"}
    after = dt.datetime(2026, 11, 27, 17, 0, tzinfo=TOKYO)
    q = keyed(queues.pmo_queues(pmo_user, now=after)[1])
    # C's report was submitted and returned: it waits in "returned", not in "missing".
    assert q["missing"].count == 3
    # Oldest first: B's W46 report has waited longest.
    assert [(r.project.code, r.week) for r in q["awaiting_review"].rows] == [("PRJ-B", "2026-W46"), ("PRJ-A", WEEK)]
    assert [r.project.code for r in q["returned"].rows] == ["PRJ-C"]
    # B's last report is W46 (two weeks ago): stale; D and S never reported.
    assert {p.code for p in q["stale"].rows} == {"PRJ-B", "PRJ-D", "PRJ-S"}
    assert [i.title for i in q["escalated_issues"].rows] == ["Vendor down"]
    assert [r.project.code for r in q["help_needed"].rows] == ["PRJ-A"]


def test_the_deadline_moves_before_a_holiday(pmo_user):
    # 2026-03-20 (Friday) is 春分の日: week 12's reports are due on Thursday 19 March at 17:00.
    ctx = queues.this_week(dt.datetime(2026, 3, 19, 17, 30, tzinfo=TOKYO))
    assert ctx.deadline == dt.datetime(2026, 3, 19, 17, 0, tzinfo=TOKYO) and ctx.past_deadline


def test_pm_queues_hold_their_own_work_only(portfolio, pm_user, other_pm):
    now = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TOKYO)
    q = keyed(queues.pm_queues(pm_user, now=now)[1])
    assert [p.code for p in q["to_write"].rows] == ["PRJ-B"]
    assert q["returned"].count == 0
    assert [i.title for i in q["overdue_issues"].rows] == ["Late spec"]
    assert [a.title for a in q["overdue_actions"].rows] == ["Send minutes"]
    q = keyed(queues.pm_queues(other_pm, now=now)[1])
    assert [r.project.code for r in q["returned"].rows] == ["PRJ-C"]
    assert {p.code for p in q["to_write"].rows} == {"PRJ-D", "PRJ-S"}


def test_confidential_projects_stay_out_of_another_pms_queues(portfolio, pm_user):
    """pm_user is PMO of nothing: the queues of a PM only hold what they may see."""
    q = keyed(queues.pm_queues(pm_user, now=dt.datetime(2026, 11, 28, 9, 0, tzinfo=TOKYO))[1])
    codes = {getattr(r, "code", None) or r.project.code for queue in q.values() for r in queue.rows}
    assert "PRJ-S" not in codes


@pytest.mark.usefixtures("frozen_now")
@pytest.mark.parametrize("who", ["pmo_user", "pm_user"])
def test_work_page_and_home(client, request, portfolio, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get("/").url == reverse("projects:work")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("projects:work"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-queue="awaiting_review"' in body if who == "pmo_user" else 'data-queue="to_write"' in body
    assert "PRJ-S" not in body or who == "pmo_user"
    assert len(ctx.captured_queries) <= 20


def test_members_and_executives_do_not_land_on_the_queues(client, member_user, exec_user):
    client.force_login(member_user)
    assert client.get("/").url == reverse("projects:list")
    client.force_login(exec_user)
    assert client.get("/").url == reverse("reporting:dashboard")
