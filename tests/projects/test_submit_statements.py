"""The weekly status submission reads the EVM inputs once: at most 12 SQL statements (issue 11).

A statement is a query: transaction control (BEGIN, COMMIT, SAVEPOINT, RELEASE) is not counted. The submission runs
as the outermost transaction, as it does under a request (``transaction=True``: no test transaction around it). The project has a cost plan, actuals,
milestones (one a phase gate) and quality records, so every input is really read, and one PMO reviewer is notified.
The figures it freezes are checked against a fresh evaluation, so a shortcut that skips an input fails here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import services
from projects.evaluation import evaluate
from projects.models import CostActual, CostPlan, Milestone, QualityRecord, ReportState, StatusReportRevision
from projects.services.status import ReportContent
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

WEEK = "2026-W47"
MAX_STATEMENTS = 12
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def statements_of(ctx) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]


def _project(pm_user):
    project = ProjectFactory(pm=pm_user)
    project.baseline.open_defects_target = 5
    project.baseline.test_pass_rate_target = Decimal("95")
    project.baseline.save(update_fields=["open_defects_target", "test_pass_rate_target"])
    CostPlan.objects.bulk_create(
        [CostPlan(project=project, month=dt.date(2026, m, 1), planned_cost=Decimal(1_000_000)) for m in range(4, 13)]
    )
    CostActual.objects.bulk_create(
        [CostActual(project=project, month=dt.date(2026, m, 1), actual_cost=Decimal(1_100_000)) for m in range(4, 11)]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                project=project,
                name="設計完了",
                baseline_date=dt.date(2026, 7, 31),
                actual_date=dt.date(2026, 8, 7),
                is_phase_gate=True,
            ),
            Milestone(project=project, name="結合テスト完了", baseline_date=dt.date(2027, 1, 29)),
        ]
    )
    QualityRecord.objects.bulk_create(
        [
            QualityRecord(project=project, week="2026-W45", defects_open=3, tests_run=100, tests_passed=97),
            QualityRecord(project=project, week="2026-W46", defects_open=9, tests_run=120, tests_passed=100),
            QualityRecord(project=project, week="2026-W48", defects_open=0, tests_run=10, tests_passed=10),
        ]
    )
    return project


def _content() -> ReportContent:
    return ReportContent(
        overall_rag="red",
        schedule_rag="red",
        cost_rag="red",
        quality_rag="red",
        scope_rag="green",
        rag_comment="PMO と合意済み",
        percent_complete=Decimal("40"),
        summary="遅延あり",
    )


def test_submit_runs_at_most_12_statements_and_freezes_the_right_figures(pm_user, pmo_user):
    project = _project(pm_user)
    draft = services.create_status_report(actor=pm_user, project=project, week=WEEK, content=_content())

    with CaptureQueriesContext(connection) as ctx:
        report = services.submit_status_report(actor=pm_user, report=draft, expected_version=draft.version)
    statements = statements_of(ctx)
    assert len(statements) <= MAX_STATEMENTS, "\n".join(statements)

    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    result, suggested = evaluate(project, week=WEEK, percent_complete=Decimal("40"), actual_cost_to_date=None)
    assert (report.pv, report.ev, report.ac, report.spi, report.cpi) == (
        result.pv,
        result.ev,
        result.ac,
        result.spi,
        result.cpi,
    )
    assert report.ac == Decimal(7_700_000)  # the actuals up to the week's end, not the later ones
    assert report.suggested_quality_rag == suggested["quality"] == "red"  # W46's record (9 open), not W48's (0)
    assert report.suggested_schedule_rag == suggested["schedule"]
    revision = StatusReportRevision.objects.get(report=report)
    assert revision.content["spi"] == str(result.spi)
    project.refresh_from_db()
    assert (project.last_report_week, project.spi) == (WEEK, result.spi)
    assert project.next_milestone_name == "結合テスト完了"


def test_a_resubmission_keeps_the_later_report_as_the_snapshot(pm_user, pmo_user):
    """Submitting an older week must not take the project's snapshot from a later submitted report."""
    project = _project(pm_user)
    later = services.save_status_report(
        actor=pm_user, project=project, week="2026-W48", content=_content(), expected_version=None, submit=True
    )
    older = services.create_status_report(actor=pm_user, project=project, week=WEEK, content=_content())
    services.submit_status_report(actor=pm_user, report=older, expected_version=older.version)
    project.refresh_from_db()
    assert project.last_report_week == later.week
