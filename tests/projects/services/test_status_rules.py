"""Each rule of the weekly status workflow, once, at the service."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import close_old_connections

from core.exceptions import InvalidTransition, NotAllowed, RuleError, StaleEdit
from projects import services
from projects.models import CostPlan, ReportState, StatusReport, StatusReportRevision
from projects.services.status import TRANSITIONS, ReportContent, allowed_actions
from tests.factories import ProjectFactory

WEEK = "2026-W47"


def content(**overrides) -> ReportContent:
    base = {
        "overall_rag": "green",
        "schedule_rag": "green",
        "cost_rag": "green",
        "quality_rag": "green",
        "scope_rag": "green",
        "percent_complete": Decimal("10"),
        "summary": "順調",
    }
    base.update(overrides)
    return ReportContent(**base)


@pytest.fixture
def project(pm_user):
    return ProjectFactory(pm=pm_user)


def _draft(project, pm_user, **overrides):
    return services.create_status_report(actor=pm_user, project=project, week=WEEK, content=content(**overrides))


@pytest.mark.django_db
def test_one_report_per_week(project, pm_user):
    _draft(project, pm_user)
    with pytest.raises(RuleError) as caught:
        _draft(project, pm_user)
    assert set(caught.value.errors) == {"week"}


@pytest.mark.django_db
def test_a_malformed_week_is_refused_at_week(project, pm_user):
    with pytest.raises(RuleError) as caught:
        services.create_status_report(actor=pm_user, project=project, week="2026-W54", content=content())
    assert set(caught.value.errors) == {"week"}


@pytest.mark.django_db
def test_an_override_without_a_comment_is_refused(project, pm_user):
    for month in range(4, 12):
        CostPlan.objects.create(project=project, month=dt.date(2026, month, 1), planned_cost=Decimal("1000000"))
    report = _draft(project, pm_user, percent_complete=Decimal("5"), overall_rag="red", rag_comment="遅延")
    suggested = report.suggested_overall_rag
    assert suggested, "a project with a cost plan gets a suggestion"
    other = "green" if suggested != "green" else "red"
    with pytest.raises(RuleError) as caught:
        services.update_status_report(
            actor=pm_user, report=report, content=content(overall_rag=other), expected_version=report.version
        )
    assert set(caught.value.errors) == {"rag_comment"}
    services.update_status_report(
        actor=pm_user,
        report=report,
        content=content(overall_rag=other, rag_comment="顧客都合で遅延"),
        expected_version=report.version,
    )


@pytest.mark.django_db
def test_percent_complete_is_a_percentage(project, pm_user):
    with pytest.raises(RuleError) as caught:
        _draft(project, pm_user, percent_complete=Decimal("150"))
    assert "percent_complete" in caught.value.errors
    assert not StatusReport.objects.exists()


@pytest.mark.django_db
def test_workflow_follows_the_table(project, pm_user, pmo_user, other_pm):
    report = _draft(project, pm_user)
    assert allowed_actions(pm_user, report) == {"edit", "submit"}
    assert allowed_actions(pmo_user, report) == {"edit", "submit"}
    assert allowed_actions(other_pm, report) == set()
    with pytest.raises(NotAllowed):
        services.submit_status_report(actor=other_pm, report=report, expected_version=report.version)
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    report.refresh_from_db()
    assert allowed_actions(pm_user, report) == {"reopen"}
    assert allowed_actions(pmo_user, report) == {"accept", "return", "reopen"}
    with pytest.raises(InvalidTransition):
        services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    with pytest.raises(InvalidTransition):
        services.update_status_report(actor=pm_user, report=report, content=content(), expected_version=report.version)
    with pytest.raises(NotAllowed):
        services.review_status_report(actor=pm_user, report=report, accept=True, expected_version=report.version)
    with pytest.raises(RuleError) as caught:
        services.review_status_report(actor=pmo_user, report=report, accept=False, expected_version=report.version)
    assert set(caught.value.errors) == {"comment"}
    services.review_status_report(
        actor=pmo_user, report=report, accept=False, comment="数値を確認", expected_version=report.version
    )
    report.refresh_from_db()
    assert report.state == ReportState.RETURNED
    assert set(TRANSITIONS) == {"edit", "submit", "accept", "return", "reopen"}


@pytest.mark.django_db
def test_reopen_needs_a_reason(project, pm_user):
    report = _draft(project, pm_user)
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    report.refresh_from_db()
    with pytest.raises(RuleError) as caught:
        services.reopen_status_report(actor=pm_user, report=report, reason=" ", expected_version=report.version)
    assert set(caught.value.errors) == {"reason"}


@pytest.mark.django_db
def test_every_workflow_write_requires_the_version(project, pm_user):
    report = _draft(project, pm_user)
    with pytest.raises(RuleError) as caught:
        services.submit_status_report(actor=pm_user, report=report, expected_version=None)
    assert set(caught.value.errors) == {"version"}
    with pytest.raises(StaleEdit):
        services.submit_status_report(actor=pm_user, report=report, expected_version=report.version + 5)


@pytest.mark.django_db
def test_save_and_submit_is_one_call(project, pm_user):
    report = services.save_status_report(
        actor=pm_user, project=project, week=WEEK, content=content(), expected_version=None, submit=True
    )
    assert report.state == ReportState.SUBMITTED
    assert StatusReportRevision.objects.filter(report=report).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_pass_the_state_check_once(pm_user, pmo_user):
    """Ten reviewers at once with the same version: the locked row lets exactly one through."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs it)")
    project = ProjectFactory(pm=pm_user)
    report = _draft(project, pm_user)
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    report.refresh_from_db()
    version = report.version
    outcomes: list[str] = []
    barrier = threading.Barrier(10)

    def review():
        try:
            barrier.wait(timeout=10)
            services.review_status_report(
                actor=pmo_user, report=StatusReport.objects.get(pk=report.pk), accept=True, expected_version=version
            )
            outcomes.append("ok")
        except (StaleEdit, RuleError):
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=review) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    report.refresh_from_db()
    assert report.state == ReportState.REVIEWED


@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_of_one_draft_make_one_revision(pm_user, pmo_user):
    """Five saves-and-submits of the same draft at once: one submitted revision, the others refused."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs it)")
    project = ProjectFactory(pm=pm_user)
    report = _draft(project, pm_user)
    outcomes: list[str] = []
    barrier = threading.Barrier(5)

    def submit(actor):
        try:
            barrier.wait(timeout=10)
            services.submit_status_report(
                actor=actor, report=StatusReport.objects.get(pk=report.pk), expected_version=report.version
            )
            outcomes.append("ok")
        except (StaleEdit, RuleError):
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [threading.Thread(target=submit, args=(pm_user if i % 2 else pmo_user,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert StatusReportRevision.objects.filter(report=report).count() == 1


@pytest.mark.django_db
def test_an_accepted_report_is_reopened_by_the_pmo_only(project, pm_user, pmo_user):
    report = _draft(project, pm_user)
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    report.refresh_from_db()
    services.review_status_report(actor=pmo_user, report=report, accept=True, expected_version=report.version)
    report.refresh_from_db()
    assert allowed_actions(pm_user, report) == set()
    assert allowed_actions(pmo_user, report) == {"reopen"}
    with pytest.raises(NotAllowed):
        services.reopen_status_report(actor=pm_user, report=report, reason="訂正", expected_version=report.version)
    services.reopen_status_report(actor=pmo_user, report=report, reason="訂正", expected_version=report.version)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    # The correction is a new revision that the PMO reviews again.
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    report.refresh_from_db()
    assert (report.state, report.revision) == (ReportState.SUBMITTED, 2)
    assert "accept" in allowed_actions(pmo_user, report)


@pytest.mark.django_db
def test_a_submission_freezes_the_figures_with_the_baseline_in_force(project, pm_user, pmo_user):
    report = _draft(project, pm_user)
    services.rebaseline(
        actor=pmo_user,
        project=project,
        expected_version=project.version,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 9, 30),
        bac=Decimal("24000000"),
        reason="範囲追加",
    )
    report.refresh_from_db()
    assert report.baseline_number == 1  # a draft is evaluated when it is saved or submitted
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    report.refresh_from_db()
    assert (report.baseline_number, report.bac, report.ev) == (2, Decimal("24000000"), Decimal("2400000"))
    content = report.revisions.get().content
    assert content["baseline_number"] == 2 and Decimal(str(content["bac"])) == Decimal("24000000")
