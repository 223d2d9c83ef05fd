"""projects.services.projects.advance_phase and items.create_gate_condition_item: what a phase-gate decision may
do to a project, written in the name of whoever decided (an executive or the PMO), never the PM's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.models import AuditEntry
from projects import extensions
from projects.models import ActionItem
from projects.services.items import create_gate_condition_item
from projects.services.projects import advance_phase
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def project(pm_user):
    return ProjectFactory(pm=pm_user, phase="requirements")


def test_an_executive_moves_the_phase_and_the_history_names_them(exec_user, project):
    advance_phase(actor=exec_user, project=project, phase="design", expected_version=project.version,
                  reason="Gate approved")  # fmt: skip
    project.refresh_from_db()
    assert project.phase == "design"
    assert project.updated_by == exec_user
    entry = AuditEntry.objects.get(project_id=project.pk, object_type="project", changes__has_key="phase")
    assert entry.actor == exec_user
    assert entry.changes["phase"] == ["requirements", "design"]
    assert entry.comment == "Gate approved"


def test_the_pmo_may_too(pmo_user, project):
    advance_phase(actor=pmo_user, project=project, phase="design")
    project.refresh_from_db()
    assert project.phase == "design"


@pytest.mark.parametrize("role", ["pm_user", "member_user"])
def test_only_pmo_and_executives(request, role, project):
    """Even the project's own PM: a PM changes the phase through update_project, not this narrow service."""
    with pytest.raises(NotAllowed):
        advance_phase(actor=request.getfixturevalue(role), project=project, phase="design")
    project.refresh_from_db()
    assert project.phase == "requirements"


def test_nobody_advances_an_archived_project(exec_user, pmo_user, project):
    project.state, project.archived_at = "closed", dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    project.save(update_fields=["state", "archived_at"])
    for actor in (exec_user, pmo_user):
        with pytest.raises(NotAllowed):
            advance_phase(actor=actor, project=project, phase="design")


@pytest.mark.parametrize("phase", ["requirements", "initiation", "nonsense"])
def test_forward_only_to_a_known_phase(exec_user, project, phase):
    with pytest.raises(RuleError) as caught:
        advance_phase(actor=exec_user, project=project, phase=phase)
    assert list(caught.value.errors) == ["phase"]


def test_not_on_a_closed_project(exec_user, project):
    project.state = "closed"
    project.save(update_fields=["state"])
    with pytest.raises(RuleError) as caught:
        advance_phase(actor=exec_user, project=project, phase="design")
    assert "phase" in caught.value.errors


def test_a_stale_version_is_refused(exec_user, project):
    with pytest.raises(StaleEdit):
        advance_phase(actor=exec_user, project=project, phase="design", expected_version=project.version + 1)


def test_the_change_guards_are_asked(exec_user, project):
    seen = []

    def guard(*, actor, project, changes, rules):
        seen.append((actor, changes))
        rules.add("phase", "blocked by the test guard")

    extensions.register_change_guard(key="zz_test_advance", guard=guard)
    try:
        with pytest.raises(RuleError) as caught:
            advance_phase(actor=exec_user, project=project, phase="design")
    finally:
        extensions._guards.pop("zz_test_advance", None)
    assert caught.value.errors["phase"] == ["blocked by the test guard"]
    assert seen == [(exec_user, {"phase": "design"})]
    project.refresh_from_db()
    assert project.phase == "requirements"


def test_an_executive_writes_a_gate_condition_item_in_their_name(exec_user, pm_user, project):
    due = dt.date(2026, 6, 30)
    item = create_gate_condition_item(actor=exec_user, project=project, title="Update the risk register",
                                      owner=pm_user, due_date=due)  # fmt: skip
    assert ActionItem.objects.get(pk=item.pk).owner == pm_user
    entry = AuditEntry.objects.get(object_type="actionitem", object_id=item.pk)
    assert entry.actor == exec_user and entry.action == "create"


def test_gate_condition_items_keep_the_rules(exec_user, member_user, project):
    with pytest.raises(NotAllowed):
        create_gate_condition_item(actor=member_user, project=project, title="x", owner=project.pm)
    with pytest.raises(RuleError) as caught:
        create_gate_condition_item(actor=exec_user, project=project, title="", owner=member_user)
    assert set(caught.value.errors) == {"title", "owner"}  # owner: not one of the project's people
    assert not ActionItem.objects.filter(project=project).exists()
