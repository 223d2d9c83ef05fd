"""Each rule of governed re-baselines, once, at the service; and the frozen figures of a submitted report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.exceptions import InvalidTransition, NotAllowed, RuleError, StaleEdit
from core.models import AuditEntry
from projects import services
from projects.evaluation import fit
from projects.models import (
    Baseline,
    BaselineProposal,
    ChangeRequest,
    ChangeStatus,
    Project,
    ProposalState,
    ReportState,
    StatusReport,
)
from projects.services.baseline_proposals import (
    decide_rebaseline,
    propose_rebaseline,
    rebaseline_at_once,
    withdraw_rebaseline,
)
from projects.services.status import ReportContent
from tests.factories import MilestoneFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

WEEK = "2026-W40"


@pytest.fixture
def project(pm_user):
    return ProjectFactory(pm=pm_user)


@pytest.fixture
def cr(project):
    return ChangeRequest.objects.create(project=project, title="範囲追加", status=ChangeStatus.APPROVED)


def _propose(actor, project, cr, **overrides):
    data = {
        "planned_start": dt.date(2026, 4, 1),
        "planned_end": dt.date(2027, 9, 30),
        "bac": Decimal("15000000"),
        "reason": "追加要件",
        "change_request": cr,
    }
    data.update(overrides)
    return propose_rebaseline(actor=actor, project=project, **data)


def _errors(call) -> set:
    with pytest.raises(RuleError) as caught:
        call()
    return set(caught.value.errors)


def _report(project, actor, *, percent="50", cost="6000000", submit=True, week=WEEK) -> StatusReport:
    content = ReportContent(
        overall_rag="green",
        schedule_rag="green",
        cost_rag="green",
        quality_rag="green",
        scope_rag="green",
        rag_comment="上書き理由",
        percent_complete=Decimal(percent),
        actual_cost_to_date=Decimal(cost),
        summary="順調",
    )
    report = services.create_status_report(actor=actor, project=project, week=week, content=content)
    if submit:
        services.submit_status_report(actor=actor, report=report, expected_version=report.version)
    report.refresh_from_db()
    return report


# --- Proposing ----------------------------------------------------------------------------------------------------


def test_only_the_projects_managers_propose(project, cr, other_pm, member_user, pm_user, pmo_user):
    for outsider in (other_pm, member_user):
        with pytest.raises(NotAllowed):
            _propose(outsider, project, cr)
    assert _propose(pm_user, project, cr).state == ProposalState.PROPOSED


def test_a_proposal_does_not_change_the_baseline(project, cr, pm_user):
    proposal = _propose(pm_user, project, cr)
    project.refresh_from_db()
    assert project.baseline.number == 1 and Baseline.objects.filter(project=project).count() == 1
    entry = AuditEntry.objects.get(object_type="baselineproposal", object_id=proposal.pk)
    assert entry.action == "proposed" and entry.comment == "追加要件"


def test_a_proposal_needs_a_reason(project, cr, pm_user):
    assert _errors(lambda: _propose(pm_user, project, cr, reason="  ")) == {"reason"}


def test_a_proposal_cites_an_approved_change_request_of_the_project(project, pm_user):
    proposed = ChangeRequest.objects.create(project=project, title="x", status=ChangeStatus.PROPOSED)
    elsewhere = ChangeRequest.objects.create(project=ProjectFactory(), title="y", status=ChangeStatus.APPROVED)
    for cr in (None, proposed, elsewhere):
        assert _errors(lambda cr=cr: _propose(pm_user, project, cr)) == {"change_request"}


def test_a_proposal_has_sound_dates_and_budget(project, cr, pm_user):
    assert _errors(lambda: _propose(pm_user, project, cr, planned_end=dt.date(2026, 1, 1))) == {"planned_end"}
    assert _errors(lambda: _propose(pm_user, project, cr, bac=Decimal("-1"))) == {"bac"}


def test_a_proposal_moves_only_the_projects_milestones(project, cr, pm_user):
    other = MilestoneFactory(project=ProjectFactory())
    assert _errors(lambda: _propose(pm_user, project, cr, milestone_dates=[(other, dt.date(2027, 1, 1))])) == {
        "milestone_dates"
    }
    own = MilestoneFactory(project=project)
    twice = [(own, dt.date(2027, 1, 1)), (own, dt.date(2027, 2, 1))]
    assert _errors(lambda: _propose(pm_user, project, cr, milestone_dates=twice)) == {"milestone_dates"}


def test_quality_targets_of_a_proposal_are_checked(project, cr, pm_user):
    assert _errors(lambda: _propose(pm_user, project, cr, targets={"test_pass_rate_target": "abc"})) == {None}


def test_one_proposal_awaits_a_decision_at_a_time(project, cr, pm_user):
    _propose(pm_user, project, cr)
    assert _errors(lambda: _propose(pm_user, project, cr)) == {None}


# --- Deciding -----------------------------------------------------------------------------------------------------


def test_only_the_pmo_decides(project, cr, pm_user, pmo_user):
    proposal = _propose(pm_user, project, cr)
    with pytest.raises(NotAllowed):
        decide_rebaseline(actor=pm_user, proposal=proposal, approve=True, expected_version=proposal.version)
    project.refresh_from_db()
    assert project.baseline.number == 1


def test_a_pm_cannot_rebaseline_directly(project, pm_user):
    with pytest.raises(NotAllowed):
        services.rebaseline(
            actor=pm_user,
            project=project,
            expected_version=project.version,
            planned_start=dt.date(2026, 4, 1),
            planned_end=dt.date(2027, 9, 30),
            bac=Decimal("1"),
            reason="x",
        )
    with pytest.raises(NotAllowed):
        rebaseline_at_once(
            actor=pm_user,
            project=project,
            expected_version=project.version,
            planned_start=dt.date(2026, 4, 1),
            planned_end=dt.date(2027, 9, 30),
            bac=Decimal("1"),
            reason="x",
        )


def test_a_rejection_needs_a_comment(project, cr, pm_user, pmo_user):
    proposal = _propose(pm_user, project, cr)
    assert _errors(
        lambda: decide_rebaseline(
            actor=pmo_user, proposal=proposal, approve=False, comment=" ", expected_version=proposal.version
        )
    ) == {"comment"}
    decide_rebaseline(
        actor=pmo_user, proposal=proposal, approve=False, comment="根拠不足", expected_version=proposal.version
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decision_comment, proposal.decided_by) == ("rejected", "根拠不足", pmo_user)
    project.refresh_from_db()
    assert project.baseline.number == 1


def test_a_decision_needs_the_current_version(project, cr, pm_user, pmo_user):
    proposal = _propose(pm_user, project, cr)
    assert _errors(
        lambda: decide_rebaseline(actor=pmo_user, proposal=proposal, approve=True, expected_version=None)
    ) == {"version"}
    with pytest.raises(StaleEdit):
        decide_rebaseline(actor=pmo_user, proposal=proposal, approve=True, expected_version=proposal.version + 1)


def test_a_decided_proposal_is_not_decided_again(project, cr, pm_user, pmo_user):
    proposal = _propose(pm_user, project, cr)
    decide_rebaseline(actor=pmo_user, proposal=proposal, approve=True, expected_version=proposal.version)
    proposal.refresh_from_db()
    with pytest.raises(InvalidTransition):
        decide_rebaseline(actor=pmo_user, proposal=proposal, approve=True, expected_version=proposal.version)
    with pytest.raises(InvalidTransition):
        withdraw_rebaseline(actor=pm_user, proposal=proposal, expected_version=proposal.version)
    assert Baseline.objects.filter(project=project).count() == 2


def test_the_pm_withdraws_a_pending_proposal(project, cr, pm_user, pmo_user, other_pm):
    proposal = _propose(pm_user, project, cr)
    with pytest.raises(NotAllowed):
        withdraw_rebaseline(actor=other_pm, proposal=proposal, expected_version=proposal.version)
    withdraw_rebaseline(actor=pm_user, proposal=proposal, expected_version=proposal.version)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    with pytest.raises(InvalidTransition):
        decide_rebaseline(actor=pmo_user, proposal=proposal, approve=True, expected_version=proposal.version)
    assert _propose(pm_user, project, cr).state == ProposalState.PROPOSED  # a new one may follow


def test_an_approval_rebaselines_moves_milestones_and_recomputes(project, cr, pm_user, pmo_user):
    milestone = MilestoneFactory(project=project, baseline_date=dt.date(2026, 9, 30))
    kept = MilestoneFactory(project=project, baseline_date=dt.date(2026, 12, 1))
    accepted = _report(project, pm_user, week="2026-W39")
    services.review_status_report(actor=pmo_user, report=accepted, accept=True, expected_version=accepted.version)
    accepted.refresh_from_db()
    draft = _report(project, pm_user, submit=False)
    assert (accepted.bac, accepted.baseline_number, draft.bac) == (Decimal("12000000"), 1, Decimal("12000000"))
    proposal = _propose(
        pm_user, project, cr, bac=Decimal("24000000"), milestone_dates=[(milestone, dt.date(2026, 12, 15))]
    )
    milestone.refresh_from_db()
    assert milestone.baseline_date == dt.date(2026, 9, 30)  # nothing moves before the approval
    decide_rebaseline(actor=pmo_user, proposal=proposal, approve=True, comment="承認", expected_version=1)
    proposal.refresh_from_db()
    project.refresh_from_db()
    assert proposal.state == ProposalState.APPROVED and proposal.baseline == project.baseline
    assert (project.baseline.number, project.baseline.bac, project.baseline.change_request) == (2, 24000000, cr)
    milestone.refresh_from_db()
    kept.refresh_from_db()
    assert (milestone.baseline_date, kept.baseline_date) == (dt.date(2026, 12, 15), dt.date(2026, 12, 1))
    # The accepted report keeps the figures it was judged on; the draft follows the new baseline.
    frozen = StatusReport.objects.get(pk=accepted.pk)
    assert (frozen.bac, frozen.baseline_number, frozen.ev, frozen.eac) == (
        accepted.bac,
        1,
        accepted.ev,
        accepted.eac,
    )
    draft.refresh_from_db()
    assert (draft.bac, draft.baseline_number, draft.ev) == (Decimal("24000000"), 2, Decimal("12000000"))
    # The project's snapshot is recomputed at once against the new baseline (from its latest submitted report's
    # progress and cost: EV doubles with the BAC, so does CPI; EAC = AC / % complete stays).
    assert (accepted.cpi, project.cpi, project.eac) == (Decimal("1.0000"), Decimal("2.0000"), accepted.eac)
    assert AuditEntry.objects.filter(object_type="baselineproposal", action="approved").count() == 1


def test_the_pmo_rebaselines_at_once_with_milestones(project, pmo_user):
    milestone = MilestoneFactory(project=project)
    baseline = rebaseline_at_once(
        actor=pmo_user,
        project=project,
        expected_version=project.version,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 9, 30),
        bac=Decimal("13000000"),
        reason="PMO判断",
        milestone_dates=[(milestone, dt.date(2026, 11, 30))],
    )
    milestone.refresh_from_db()
    assert baseline.number == 2 and milestone.baseline_date == dt.date(2026, 11, 30)
    assert not BaselineProposal.objects.exists()


# --- Frozen reports and figures that fit their columns -------------------------------------------------------------


def test_walkthrough_numbers_fit_their_columns(project, pm_user):
    """Actual cost 1,000 yen against a 93 M budget at 50 %: CPI 46,500 does not fit ``max_digits=8,
    decimal_places=4``; it is stored as not defined, and the report is saved."""
    Baseline.objects.filter(pk=project.baseline_id).update(bac=Decimal("93000000"))
    project.refresh_from_db()
    report = _report(project, pm_user, cost="1000")
    assert report.ev == Decimal("46500000") and report.cpi is None and report.eac == Decimal("2000")
    project.refresh_from_db()
    assert project.cpi is None


def test_fit_stores_none_for_a_figure_that_does_not_fit():
    assert fit(Decimal("9999.99994"), StatusReport, "cpi") == Decimal("9999.9999")
    assert fit(Decimal("9999.99995"), StatusReport, "cpi") is None
    assert fit(Decimal("-10000"), StatusReport, "spi") is None
    assert fit(Decimal("1E+15"), StatusReport, "eac") is None
    assert fit(Decimal("999999999999999"), Project, "eac") == Decimal("999999999999999")
    assert fit(None, StatusReport, "spi") is None


def test_a_submission_freezes_bac_and_baseline_in_the_revision(project, pm_user):
    report = _report(project, pm_user)
    content = report.revisions.get().content
    assert (content["bac"], content["baseline_number"]) == ("12000000", 1) or (
        Decimal(str(content["bac"])),
        content["baseline_number"],
    ) == (Decimal("12000000"), 1)
    assert report.state == ReportState.SUBMITTED
