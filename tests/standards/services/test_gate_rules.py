"""Phase-gate reviews: one test per rule of standards.services.gates (and the change guard)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.exceptions import InvalidTransition, NotAllowed, RuleError
from core.models import AuditEntry
from projects.models import ActionItem
from projects.services.projects import update_project
from standards.models import GateReview
from standards.services import gates, runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(project):
    return GateReview.objects.get(project=project, phase="requirements")


def _complete(actor, run):
    run.refresh_from_db()
    item = (run.checklist_version or run.checklist.current_version).items.get(required=True)
    runs.answer_item(actor=actor, run=run, item=item, answer="done")
    run.refresh_from_db()
    runs.complete_run(actor=actor, run=run, expected_version=run.version)


def test_run_must_be_complete(exec_user, review):
    with pytest.raises(RuleError) as caught:
        gates.decide_gate(actor=exec_user, review=review, decision="approved", expected_version=review.version)
    assert "run" in caught.value.errors
    review.refresh_from_db()
    assert review.state == "pending"


@pytest.mark.parametrize("role", ["pm_user", "member_user", "pmo_user"])
def test_only_approvers_decide(request, pm_user, review, role):
    _complete(pm_user, review.run)
    with pytest.raises(NotAllowed):
        gates.decide_gate(actor=request.getfixturevalue(role), review=review, decision="approved",
                          expected_version=review.version)  # fmt: skip


def test_pmo_decides_when_the_setting_says_so(settings, pmo_user, pm_user, review):
    settings.PMO_GATE_APPROVERS = ["executive", "pmo"]
    _complete(pm_user, review.run)
    gates.decide_gate(actor=pmo_user, review=review, decision="approved", expected_version=review.version)
    assert review.state == "approved"


def test_reject_needs_a_reason_and_can_be_asked_again(exec_user, pm_user, review):
    _complete(pm_user, review.run)
    with pytest.raises(RuleError) as caught:
        gates.decide_gate(actor=exec_user, review=review, decision="rejected", expected_version=review.version)
    assert "reason" in caught.value.errors
    gates.decide_gate(actor=exec_user, review=review, decision="rejected", reason="Scope unclear",
                      expected_version=review.version)  # fmt: skip
    review.project.refresh_from_db()
    assert review.project.phase == "requirements"
    review.refresh_from_db()
    gates.reopen_gate(actor=pm_user, review=review, expected_version=review.version)
    assert review.state == "pending"


def test_decided_once(exec_user, pm_user, review):
    _complete(pm_user, review.run)
    gates.decide_gate(actor=exec_user, review=review, decision="approved", expected_version=review.version)
    with pytest.raises(InvalidTransition):
        gates.decide_gate(actor=exec_user, review=review, decision="rejected", reason="x",
                          expected_version=review.version)  # fmt: skip


def test_approval_moves_the_phase_and_is_audited(exec_user, pm_user, review):
    _complete(pm_user, review.run)
    gates.decide_gate(actor=exec_user, review=review, decision="approved", expected_version=review.version)
    project = review.project
    project.refresh_from_db()
    assert project.phase == "design"
    entries = AuditEntry.objects.filter(project_id=project.pk)
    assert entries.filter(action="gate_approved", actor=exec_user).exists()
    phase_entry = entries.get(app_label="projects", object_type="project", action="update", changes__has_key="phase")
    assert phase_entry.actor == exec_user  # the history names who decided, not the PM
    assert phase_entry.changes["phase"] == ["requirements", "design"]
    assert project.updated_by == exec_user


def test_conditions_become_action_items(exec_user, pm_user, review):
    _complete(pm_user, review.run)
    with pytest.raises(RuleError) as caught:
        gates.decide_gate(actor=exec_user, review=review, decision="conditional", expected_version=review.version)
    assert "conditions" in caught.value.errors
    due = dt.date.today() + dt.timedelta(days=10)
    gates.decide_gate(actor=exec_user, review=review, decision="conditional", conditions="- Update risks\n- Fix plan",
                      conditions_due=due, expected_version=review.version)  # fmt: skip
    items = ActionItem.objects.filter(project=review.project).order_by("id")
    assert [i.title for i in items] == ["Update risks", "Fix plan"]
    assert all(i.owner == pm_user and i.due_date == due for i in items)
    created = AuditEntry.objects.filter(object_type="actionitem", action="create", object_id__in=[i.pk for i in items])
    assert created.count() == 2 and all(entry.actor == exec_user for entry in created)


def test_guard_refuses_phase_change_past_an_unapproved_gate(pm_user, exec_user, review):
    project = review.project
    project.refresh_from_db()
    with pytest.raises(RuleError) as caught:
        update_project(actor=pm_user, project=project, expected_version=project.version, phase="design")
    assert "phase" in caught.value.errors
    with pytest.raises(RuleError):
        update_project(actor=pm_user, project=project, expected_version=project.version, phase="test")
    update_project(actor=pm_user, project=project, expected_version=project.version, phase="initiation")  # back: ok
