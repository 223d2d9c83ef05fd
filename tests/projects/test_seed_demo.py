"""``python manage.py seed_demo``: the demo users and portfolio, idempotence and refusal."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from core import roles
from projects import permissions, weeks
from core.models import AuditEntry
from projects.models import (
    ActionItem,
    Baseline,
    CostActual,
    CostPlan,
    Issue,
    Meeting,
    Milestone,
    OrgUnit,
    Program,
    Project,
    ProjectState,
    QualityRecord,
    ReportState,
    Risk,
    RiskStatus,
    StatusReport,
)
from projects.services.metrics import month_end

pytestmark = pytest.mark.django_db

DEMO_ROLES = {
    "pmo": roles.PMO,
    "exec": roles.EXECUTIVE,
    "pm1": roles.PM,
    "pm2": roles.PM,
    "pm3": roles.PM,
    "pm4": roles.PM,
    "member1": roles.MEMBER,
    "member2": roles.MEMBER,
    "member5": roles.MEMBER,
}
COUNTED = (
    OrgUnit,
    Program,
    Project,
    Baseline,
    CostPlan,
    CostActual,
    Milestone,
    QualityRecord,
    StatusReport,
    Issue,
    Risk,
    Meeting,
    ActionItem,
    AuditEntry,
)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def current_week() -> str:
    return weeks.week_of(timezone.localdate())


def consecutive(week_list: list[str]) -> bool:
    return all(weeks.previous_week(b) == a for a, b in zip(week_list, week_list[1:], strict=False))


def test_full_demo_portfolio():
    output = seed()
    assert "pm1" in output and "demo" in output  # the summary ends with the demo logins

    User = get_user_model()
    for username, role in DEMO_ROLES.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert set(user.groups.values_list("name", flat=True)) == {role}
        assert user.first_name and user.last_name and user.email.endswith("@example.co.jp")
        assert not user.is_staff and not user.is_superuser

    projects = list(Project.objects.select_related("pm", "baseline", "org_unit", "program"))
    assert len(projects) == 30
    assert len({p.org_unit_id for p in projects}) == 3
    assert set(OrgUnit.objects.values_list("pk", flat=True)) == {p.org_unit_id for p in projects}
    assert Program.objects.count() == 2
    assert {p.program_id for p in projects if p.program_id} == set(Program.objects.values_list("pk", flat=True))
    assert [p.code for p in sorted(projects, key=lambda p: p.code)][:2] == ["PRJ-2026-001", "PRJ-2026-002"]

    states = [p.state for p in projects]
    assert states.count(ProjectState.ACTIVE) > len(projects) / 2
    assert {ProjectState.PROPOSED, ProjectState.ON_HOLD, ProjectState.CLOSED} <= set(states)
    assert len({p.phase for p in projects}) >= 4
    assert sum(p.pm.username == "pm1" for p in projects) >= 5
    assert sum(p.pm.username == "pm2" for p in projects) >= 5

    confidential = [p for p in projects if p.confidential]
    assert 2 <= len(confidential) <= 3
    pm1 = User.objects.get(username="pm1")
    hidden = [p for p in confidential if p.pm.username == "pm2"]
    assert hidden and not permissions.can_view_project(pm1, hidden[0])
    assert not permissions.visible_projects(pm1).filter(pk=hidden[0].pk).exists()

    for project in projects:
        assert Decimal(20_000_000) <= project.baseline.bac <= Decimal(500_000_000)
        assert project.baselines.filter(number=1).exists()
        planned = CostPlan.objects.filter(project=project).aggregate(s=Sum("planned_cost"))["s"]
        assert planned == project.baseline.bac
    rebaselined = Baseline.objects.filter(number=2)
    assert rebaselined.exists() and all(b.reason and b.change_request_id for b in rebaselined)

    this_week = current_week()
    pm1_first = min((p for p in projects if p.pm.username == "pm1" and p.state == "active"), key=lambda p: p.code)
    active = [p for p in projects if p.state == ProjectState.ACTIVE]
    for project in active:
        reports = list(StatusReport.objects.filter(project=project).order_by("week"))
        report_weeks = [r.week for r in reports]
        assert 1 <= len(reports) <= 26 and consecutive(report_weeks), project.code
        expected_last = weeks.previous_week(this_week) if project == pm1_first else this_week
        assert report_weeks[-1] == expected_last, project.code
        percents = [r.percent_complete for r in reports]
        spent = [r.actual_cost_to_date for r in reports]
        assert percents == sorted(percents) and spent == sorted(spent), project.code
        assert all(r.state == ReportState.REVIEWED for r in reports[:-2]), project.code
        for r in reports:
            for dim in ("schedule", "cost", "quality"):
                suggested = getattr(r, f"suggested_{dim}_rag")
                assert not suggested or getattr(r, f"{dim}_rag") == suggested or r.rag_comment, (project.code, r.week)
            assert r.summary
        assert 6 <= project.milestones.count() <= 9
        assert project.milestones.filter(is_phase_gate=True).exists()
        assert project.cost_plans.exists() and project.cost_actuals.exists()
        assert project.quality_records.exists()
        assert 3 <= project.issues.filter(source_risk=None).count() <= 10
        assert 3 <= project.risks.count() <= 8
        assert project.meetings.filter(kind="weekly").exists() and project.meetings.filter(kind="steering").exists()
        assert project.change_requests.exists() and project.memberships.exists()
        # The snapshot the list and dashboard read is filled.
        assert project.spi is not None and project.cpi is not None and project.eac is not None
        assert project.overall_rag and project.last_report_week and project.next_milestone_name
    assert not StatusReport.objects.filter(project=pm1_first, week=this_week).exists()

    # A report's actual cost to date agrees with the booked monthly actuals around its week.
    for project in active:
        total, cumulative = Decimal(0), {}
        for month, value in (
            CostActual.objects.filter(project=project).order_by("month").values_list("month", "actual_cost")
        ):
            total += value
            cumulative[month_end(month)] = total
        ends = sorted(cumulative)
        for r in StatusReport.objects.filter(project=project):
            friday = weeks.week_end(r.week)
            if friday > ends[-1]:
                assert r.actual_cost_to_date >= cumulative[ends[-1]], (project.code, r.week)
                continue
            upper = next(end for end in ends if end >= friday)
            lower = max((end for end in ends if end < friday), default=None)
            low = cumulative[lower] if lower else Decimal(0)
            assert low <= r.actual_cost_to_date <= cumulative[upper], (project.code, r.week)

    report_states = set(StatusReport.objects.values_list("state", flat=True))
    assert {ReportState.REVIEWED, ReportState.RETURNED} <= report_states
    assert report_states & {ReportState.DRAFT, ReportState.SUBMITTED}
    assert not StatusReport.objects.filter(state=ReportState.RETURNED, review_comment="").exists()
    assert StatusReport.objects.exclude(rag_comment="").exists()
    assert {"red", "amber", "green"} <= set(StatusReport.objects.values_list("overall_rag", flat=True))

    member1 = User.objects.get(username="member1")
    pm1_projects = Project.objects.filter(pm=pm1)
    assert pm1_projects.filter(memberships__user=member1).exists()
    assert Issue.objects.filter(project__in=pm1_projects, owner=member1).exists()
    assert ActionItem.objects.filter(project__in=pm1_projects, owner=member1).exists()
    assert any(i.is_overdue for i in Issue.objects.all())
    materialised = Risk.objects.filter(status=RiskStatus.MATERIALISED)
    assert materialised.exists() and all(Issue.objects.filter(source_risk=r).exists() for r in materialised)
    assert AuditEntry.objects.filter(action="rebaseline").exists()
    assert AuditEntry.objects.filter(action="returned").exclude(comment="").exists()


def test_small_portfolio_keeps_every_feature():
    seed("--projects", "8", "--seed", "7")
    assert Project.objects.count() == 8
    pm1 = get_user_model().objects.get(username="pm1")
    assert Project.objects.filter(pm=pm1).count() >= 3
    secret = Project.objects.get(confidential=True, pm__username="pm2")
    assert not permissions.can_view_project(pm1, secret)
    assert permissions.can_view_project(get_user_model().objects.get(username="exec"), secret)
    first = Project.objects.filter(pm=pm1, state="active").order_by("code").first()
    assert not first.status_reports.filter(week=current_week()).exists()
    assert first.status_reports.filter(week=weeks.previous_week(current_week())).exists()
    assert Baseline.objects.filter(number=2).exists()
    for project in Project.objects.filter(state="active"):
        assert project.spi is not None and project.cpi is not None


def test_if_empty_is_a_no_op_the_second_time():
    seed("--if-empty", "--projects", "8")
    before = counts()
    assert before["Project"] == 8
    output = seed("--if-empty", "--projects", "8")
    assert "skipped" in output
    assert counts() == before


def test_existing_data_is_refused_without_reset_and_nothing_is_written():
    seed("--projects", "8")
    before = counts()
    User = get_user_model()
    User.objects.filter(username="pm1").update(first_name="changed")
    with pytest.raises(CommandError, match="--reset"):
        seed("--projects", "8")
    assert counts() == before
    assert User.objects.get(username="pm1").first_name == "changed"


def test_reset_rebuilds_and_the_same_seed_gives_the_same_portfolio():
    def portfolio():
        return list(Project.objects.order_by("code").values_list("code", "name", "state", "baseline__bac", "spi"))

    seed("--projects", "8", "--seed", "11")
    first = portfolio()
    seed("--reset", "--projects", "8", "--seed", "11")
    assert portfolio() == first
    seed("--reset", "--projects", "5", "--seed", "12")
    assert Project.objects.count() == 5 and portfolio() != first[:5]
    assert OrgUnit.objects.count() == 3 and Program.objects.count() == 2


@pytest.mark.parametrize("value", ["0", "-3", "201"])
def test_bad_project_count_is_refused(value):
    with pytest.raises(CommandError):
        seed("--projects", value)
    assert not Project.objects.exists()
