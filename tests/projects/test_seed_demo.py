"""``python manage.py seed_demo``: the demo users and portfolio, idempotence and refusal; existing accounts are
never changed; the bulk-built history looks like the one the services write.

The clock is frozen (``frozen_now``): "today" and "this week" do not depend on when the suite runs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import override_settings
from django.utils import timezone

from core import roles
from core.models import AuditEntry
from projects import permissions, services, weeks
from projects.demo.builder import RESET_ORDER
from projects.demo.items import CHANGE_REQUEST_AUDITED
from projects.evaluation import evaluate, month_end
from projects.models import (
    ActionItem,
    Baseline,
    ChangeRequest,
    ChangeStatus,
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
    StatusReportRevision,
)
from projects.selectors import project_people
from projects.services.items.fields import MEETING_FIELDS, MILESTONE_FIELDS
from projects.services.status import CONTENT_FIELDS, ReportContent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

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


def seed(*args: str, demo: bool = True) -> str:
    """Run the command; the test settings have DEBUG off, so it is told the installation is a demo."""
    out = StringIO()
    call_command("seed_demo", *args, *(["--demo"] if demo else []), stdout=out)
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
    assert not Project.objects.restrict(pm1, "view").filter(pk=hidden[0].pk).exists()

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

    # Each record is in one language: an English-named project is English throughout; reports are Japanese.
    english = [p for p in projects if p.name.isascii()]
    assert english and all(p.description.isascii() and p.customer.isascii() and p.sponsor.isascii() for p in english)
    comments = StatusReport.objects.exclude(review_comment="").values_list("review_comment", flat=True)
    assert comments and not any(comment.isascii() for comment in comments)


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


# --- The demo never touches real accounts ---------------------------------------------------------------------------


def test_an_existing_account_is_left_exactly_as_it_was():
    User = get_user_model()
    pmo = User.objects.create_user(
        "pmo", email="it@corp.example", password="a-real-secret", first_name="Real", is_superuser=True, is_staff=True
    )
    pmo.groups.set([Group.objects.create(name="Administrators")])
    before = User.objects.values().get(pk=pmo.pk)

    output = seed("--if-empty", "--projects", "8")

    assert User.objects.values().get(pk=pmo.pk) == before  # password hash, flags, names
    assert list(User.objects.get(pk=pmo.pk).groups.values_list("name", flat=True)) == ["Administrators"]
    assert User.objects.get(pk=pmo.pk).check_password("a-real-secret")
    assert "existing accounts left exactly as they were" in output and "'pmo'" in output and "'pm1'" not in output
    # The missing demo logins are created; the superuser plays the PMO as it is.
    assert User.objects.get(username="pm1").check_password("demo")
    assert Project.objects.count() == 8
    assert StatusReport.objects.filter(reviewed_by=pmo).exists()


def test_an_account_that_cannot_play_its_demo_part_stops_the_demo_before_anything_is_written():
    User = get_user_model()
    pm1 = User.objects.create_user("pm1", password="mine")  # no PM role: the demo would have to change it
    before = User.objects.values().get(pk=pm1.pk)
    with pytest.raises(CommandError, match="pm1"):
        seed("--projects", "8")
    assert User.objects.values().get(pk=pm1.pk) == before and not pm1.groups.exists()
    assert not Project.objects.exists() and not OrgUnit.objects.exists() and not AuditEntry.objects.exists()
    assert not User.objects.filter(username="pmo").exists()


@pytest.mark.parametrize("args", [(), ("--if-empty",), ("--reset",)])
def test_with_debug_off_it_refuses_unless_told_it_is_a_demo(monkeypatch, args):
    monkeypatch.delenv("PMO_DEMO", raising=False)
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--demo"):
        seed(*args, "--projects", "3", demo=False)
    assert not Project.objects.exists()
    assert not get_user_model().objects.filter(username__in=DEMO_ROLES).exists()


def test_with_debug_off_the_environment_can_say_it_is_a_demo(monkeypatch):
    monkeypatch.setenv("PMO_DEMO", "1")
    with override_settings(DEBUG=False):
        seed("--projects", "3", demo=False)
    assert Project.objects.count() == 3


def test_with_debug_on_no_flag_is_needed(monkeypatch):
    monkeypatch.delenv("PMO_DEMO", raising=False)
    with override_settings(DEBUG=True):
        seed("--projects", "3", demo=False)
    assert Project.objects.count() == 3


def test_reset_deletes_every_row_of_the_projects_app_and_its_history():
    assert set(RESET_ORDER) | {OrgUnit} == set(apps.get_app_config("projects").get_models())
    seed("--projects", "5")
    old_projects = set(Project.objects.values_list("pk", flat=True))
    old_units = set(OrgUnit.objects.values_list("pk", flat=True))
    seed("--reset", "--projects", "4")
    assert Project.objects.count() == 4 and not old_projects & set(Project.objects.values_list("pk", flat=True))
    assert not AuditEntry.objects.filter(project_id__in=old_projects).exists()
    assert not AuditEntry.objects.filter(object_type="orgunit", object_id__in=old_units).exists()
    assert AuditEntry.objects.filter(project_id__in=Project.objects.values("pk"), action="create").exists()


# --- The bulk path writes what the services write ---------------------------------------------------------------


def history(obj) -> list[tuple]:
    """The audit entries of ``obj``, oldest first, without their moments (``*_at`` values are times)."""
    entries = AuditEntry.objects.filter(
        app_label=obj._meta.app_label, object_type=obj._meta.model_name, object_id=obj.pk
    ).order_by("at", "pk")
    return [
        (
            e.action,
            e.actor_id,
            e.project_id == obj.project_id,
            {k: v if not k.endswith("_at") else [v[0], bool(v[1])] for k, v in e.changes.items()},
            e.comment,
        )
        for e in entries
    ]


def test_a_bulk_built_report_history_looks_like_a_service_built_one():
    seed("--projects", "8")
    User = get_user_model()
    pm1, pmo = User.objects.get(username="pm1"), User.objects.get(username="pmo")
    # pm1's first active project has no report this week; every reviewed report was built in bulk.
    project = Project.objects.filter(pm=pm1, state=ProjectState.ACTIVE).order_by("code").first()
    old = project.status_reports.filter(state=ReportState.REVIEWED, review_comment="").order_by("week").first()
    week = current_week()
    _result, suggested = evaluate(
        project, week=week, percent_complete=old.percent_complete, actual_cost_to_date=old.actual_cost_to_date
    )
    content = {name: getattr(old, name) for name in CONTENT_FIELDS}
    for dim in ("overall", "schedule", "cost", "quality"):
        content[f"{dim}_rag"] = suggested[dim] or content[f"{dim}_rag"]  # no override: no comment needed
    new = services.create_status_report(actor=pm1, project=project, week=week, content=ReportContent(**content))
    new = services.submit_status_report(actor=pm1, report=new, expected_version=new.version)
    new = services.review_status_report(actor=pmo, report=new, accept=True, expected_version=new.version)

    old_history, new_history = history(old), history(new)
    assert [entry[0] for entry in old_history] == ["create", "submitted", "reviewed"]
    assert [(a, who, mine, list(changes)) for a, who, mine, changes, _c in old_history] == [
        (a, who, mine, list(changes)) for a, who, mine, changes, _c in new_history
    ]
    assert old_history[1:] == new_history[1:]  # the transitions record the same values

    def workflow(report):
        report.refresh_from_db()
        return (
            report.state,
            report.version,
            report.revision,
            report.created_by_id,
            report.updated_by_id,
            report.submitted_by_id,
            report.reviewed_by_id,
        )

    assert workflow(old) == workflow(new) == (ReportState.REVIEWED, 3, 1, pm1.pk, pmo.pk, pm1.pk, pmo.pk)
    for report in (old, new):
        revision = StatusReportRevision.objects.get(report=report)
        assert (revision.revision, revision.state, revision.created_by_id) == (1, ReportState.SUBMITTED, pm1.pk)
        assert revision.created_at == report.submitted_at
        assert set(revision.content) == set(StatusReportRevision.objects.get(report=new).content)


def test_bulk_built_items_are_recorded_as_their_services_record_them():
    seed("--projects", "8")
    # A milestone planned, then reached.
    old = Milestone.objects.filter(forecast_date=None).exclude(actual_date=None).order_by("pk").first()
    pm = old.project.pm
    values = {name: getattr(old, name) for name in MILESTONE_FIELDS if name not in ("forecast_date", "actual_date")}
    new = services.create_milestone(actor=pm, project=old.project, **values)
    new = services.update_milestone(actor=pm, milestone=new, expected_version=new.version, actual_date=old.actual_date)
    assert history(old) == history(new) and [e[0] for e in history(old)] == ["create", "update"]
    assert new.version == old.version

    # A meeting and its attendees.
    old = Meeting.objects.filter(kind="weekly").order_by("pk").first()
    values = {name: getattr(old, name) for name in MEETING_FIELDS if name != "attendees"}
    new = services.create_meeting(
        actor=old.project.pm, project=old.project, attendees=list(old.attendees.all()), **values
    )
    assert history(old) == history(new)

    # A change request, then approved.
    rebaselines = Baseline.objects.exclude(change_request=None).values("change_request")
    old = ChangeRequest.objects.filter(status=ChangeStatus.APPROVED).exclude(pk__in=rebaselines).order_by("pk")[0]
    pm = old.project.pm
    new = services.create_change_request(
        actor=pm,
        project=old.project,
        title=old.title,
        reason=old.reason,
        cost_impact=old.cost_impact,
        schedule_impact_days=old.schedule_impact_days,
    )
    new = services.decide_change_request(
        actor=old.decided_by,
        change_request=new,
        approve=True,
        decided_on=old.decided_on,
        expected_version=new.version,
    )
    assert history(old) == history(new) and [e[0] for e in history(old)] == ["create", "approve"]
    assert set(history(old)[0][3]) <= set(CHANGE_REQUEST_AUDITED)


def test_bulk_built_rows_keep_the_services_rules_and_the_story_dates():
    started = timezone.now()  # frozen
    seed("--projects", "8")
    today = timezone.localdate()
    for project in Project.objects.all():
        people = set(project_people(project).values_list("pk", flat=True)) | {None}
        for items in (project.issues, project.risks, project.action_items):
            assert set(items.values_list("owner_id", flat=True)) <= people, project.code
        attendees = Meeting.attendees.through.objects.filter(meeting__project=project)
        assert set(attendees.values_list("user_id", flat=True)) <= people, project.code
        assert not project.action_items.exclude(meeting=None).exclude(meeting__project=project).exists()
    assert not Milestone.objects.filter(actual_date__gt=today).exists()
    for issue in Issue.objects.all():
        assert issue.due_date is None or issue.due_date >= issue.raised_on, issue.pk
        assert issue.resolved_on is None or issue.resolved_on >= issue.raised_on, issue.pk
    decided = ChangeRequest.objects.exclude(status=ChangeStatus.PROPOSED)
    assert not decided.filter(decided_by=None).exists() and not decided.filter(decided_on=None).exists()
    assert not ChangeRequest.objects.filter(status=ChangeStatus.PROPOSED).exclude(decided_by=None).exists()

    # Every row and entry has its story's moment, none the moment the demo was written.
    recent = started - dt.timedelta(minutes=5)
    assert not AuditEntry.objects.filter(at__gt=recent).exists()
    for model in (
        Project,
        Baseline,
        StatusReport,
        StatusReportRevision,
        Issue,
        Risk,
        ChangeRequest,
        Meeting,
        ActionItem,
    ):
        assert not model.objects.filter(created_at__gt=recent).exists(), model.__name__
    assert not StatusReport.objects.filter(submitted_at__gt=recent).exists()
    assert not StatusReport.objects.filter(reviewed_at__gt=recent).exists()
    # A project's history starts with its creation, weeks before its first report.
    project = Project.objects.filter(state=ProjectState.ACTIVE).order_by("code").first()
    first = AuditEntry.objects.filter(project_id=project.pk).order_by("at", "pk").first()
    assert first.action in ("create", "baseline") and first.at < project.status_reports.order_by("week")[0].created_at
