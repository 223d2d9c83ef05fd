"""Each rule about projects, baselines, memberships and the organisation, once, at the service."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.models import AuditEntry
from knowledge.services.closing import skip_closing_lesson
from projects import services
from projects.models import Baseline, ChangeRequest, Project, ProjectState
from projects.services import org as org_services
from tests.factories import OrgUnitFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _create(actor, **overrides):
    data = {
        "code": "PRJ-2026-500",
        "name": "基幹システム更改",
        "org_unit": OrgUnitFactory(),
        "pm": actor,
        "planned_start": dt.date(2026, 4, 1),
        "planned_end": dt.date(2027, 3, 31),
        "bac": Decimal("10000000"),
    }
    data.update(overrides)
    return services.create_project(actor=actor, **data)


def _fields(exc: RuleError) -> set:
    return set(exc.errors)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"code": "prj/2026"}, "code"),
        ({"code": "0"}, "code"),
        ({"code": "PRJ--1"}, "code"),
        ({"currency": "0"}, "currency"),
        ({"currency": "XYZ"}, "currency"),
        ({"planned_end": dt.date(2026, 3, 1)}, "planned_end"),
        ({"bac": Decimal("-1")}, "bac"),
    ],
)
def test_project_fields_have_real_validation(pm_user, overrides, field):
    with pytest.raises(RuleError) as caught:
        _create(pm_user, **overrides)
    assert field in _fields(caught.value)
    assert not Project.objects.exists() and not AuditEntry.objects.exists()


def test_duplicate_code_is_refused_at_code(pm_user):
    _create(pm_user)
    with pytest.raises(RuleError) as caught:
        _create(pm_user)
    assert _fields(caught.value) == {"code"}


def test_pm_must_hold_the_pm_role(pmo_user, member_user):
    with pytest.raises(RuleError) as caught:
        _create(pmo_user, pm=member_user)
    assert "pm" in _fields(caught.value)


def test_deputy_pm_is_not_the_pm(pmo_user, pm_user):
    with pytest.raises(RuleError) as caught:
        _create(pmo_user, pm=pm_user, deputy_pm=pm_user)
    assert _fields(caught.value) == {"deputy_pm"}


def test_deputy_pm_must_hold_the_pm_role(pmo_user, pm_user, member_user):
    with pytest.raises(RuleError) as caught:
        _create(pmo_user, pm=pm_user, deputy_pm=member_user)
    assert _fields(caught.value) == {"deputy_pm"}


def test_a_pm_creates_only_projects_they_run(pm_user, other_pm):
    with pytest.raises(RuleError) as caught:
        _create(pm_user, pm=other_pm)
    assert _fields(caught.value) == {"pm"}


def test_a_member_cannot_create_projects(member_user, pm_user):
    with pytest.raises(NotAllowed):
        _create(member_user, pm=pm_user)


def test_only_the_pmo_hands_a_project_to_another_pm(pm_user, other_pm, pmo_user):
    project = ProjectFactory(pm=pm_user)
    with pytest.raises(RuleError) as caught:
        services.update_project(actor=pm_user, project=project, expected_version=project.version, pm=other_pm)
    assert _fields(caught.value) == {"pm"}
    services.update_project(actor=pmo_user, project=project, expected_version=project.version, pm=other_pm)
    project.refresh_from_db()
    assert project.pm == other_pm


@pytest.mark.parametrize(
    "start, target",
    [
        (ProjectState.CLOSED, ProjectState.ACTIVE),
        (ProjectState.CANCELLED, ProjectState.ACTIVE),
        (ProjectState.PROPOSED, ProjectState.CLOSED),
        (ProjectState.ACTIVE, ProjectState.PROPOSED),
    ],
)
def test_a_pm_follows_the_lifecycle(pm_user, start, target):
    project = ProjectFactory(pm=pm_user, state=start)
    with pytest.raises(RuleError) as caught:
        services.update_project(actor=pm_user, project=project, expected_version=project.version, state=target)
    assert _fields(caught.value) == {"state"}


def test_the_pmo_may_reopen_a_closed_project(pmo_user):
    project = ProjectFactory(state=ProjectState.CLOSED)
    services.update_project(actor=pmo_user, project=project, expected_version=1, state=ProjectState.ACTIVE)
    assert Project.objects.get(pk=project.pk).state == ProjectState.ACTIVE


def test_update_requires_the_version(pm_user):
    project = ProjectFactory(pm=pm_user)
    with pytest.raises(RuleError) as caught:
        services.update_project(actor=pm_user, project=project, expected_version=None, name="x")
    assert _fields(caught.value) == {"version"}
    with pytest.raises(StaleEdit):
        services.update_project(actor=pm_user, project=project, expected_version=project.version + 1, name="x")


def test_another_pm_cannot_change_the_project(pm_user, other_pm):
    project = ProjectFactory(pm=pm_user)
    with pytest.raises(NotAllowed):
        services.update_project(actor=other_pm, project=project, expected_version=1, name="x")


def test_only_the_pmo_archives_and_only_a_closed_or_cancelled_project(pm_user, pmo_user):
    project = ProjectFactory(pm=pm_user, state=ProjectState.ACTIVE)
    with pytest.raises(NotAllowed):
        services.archive_project(actor=pm_user, project=project, expected_version=1)
    with pytest.raises(RuleError) as caught:
        services.archive_project(actor=pmo_user, project=project, expected_version=1)
    assert _fields(caught.value) == {"state"}
    # Closing asks for a lesson (the knowledge app's rule): this PM records why there is none.
    skip_closing_lesson(actor=pm_user, project=project, reason="Nothing new")
    services.update_project(actor=pm_user, project=project, expected_version=1, state=ProjectState.CLOSED)
    project.refresh_from_db()
    services.archive_project(actor=pmo_user, project=project, expected_version=project.version, reason="done")
    project.refresh_from_db()
    assert project.archived_at is not None
    # Frozen: nobody edits an archived project, its history stays.
    with pytest.raises(NotAllowed):
        services.update_project(actor=pmo_user, project=project, expected_version=project.version, name="y")
    assert AuditEntry.objects.filter(project_id=project.pk, action="archive").exists()


def test_a_project_with_history_cannot_be_deleted_by_cascade(pm_user):
    from django.db.models import ProtectedError

    project = _create(pm_user)
    with pytest.raises(ProtectedError):
        project.delete()


def _cr(project, status):
    return ChangeRequest.objects.create(project=project, title="範囲追加", status=status)


def test_rebaseline_needs_an_approved_change_request_of_the_project(pm_user, pmo_user):
    project = ProjectFactory(pm=pm_user)
    proposed = _cr(project, "proposed")
    elsewhere = _cr(ProjectFactory(), "approved")
    for cr in (proposed, elsewhere):
        with pytest.raises(RuleError) as caught:
            services.rebaseline(
                actor=pmo_user,  # re-baselining is the PMO's (a PM proposes)
                project=project,
                expected_version=project.version,
                planned_start=dt.date(2026, 4, 1),
                planned_end=dt.date(2027, 6, 30),
                bac=Decimal("13000000"),
                reason="追加要件",
                change_request=cr,
            )
        assert _fields(caught.value) == {"change_request"}
    approved = _cr(project, "approved")
    new = services.rebaseline(
        actor=pmo_user,  # re-baselining is the PMO's (a PM proposes)
        project=project,
        expected_version=project.version,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 6, 30),
        bac=Decimal("13000000"),
        reason="追加要件",
        change_request=approved,
    )
    assert new.number == 2 and Baseline.objects.filter(project=project).count() == 2


def test_rebaseline_needs_a_reason(pm_user, pmo_user):
    project = ProjectFactory(pm=pm_user)
    with pytest.raises(RuleError) as caught:
        services.rebaseline(
            actor=pmo_user,  # re-baselining is the PMO's (a PM proposes)
            project=project,
            expected_version=project.version,
            planned_start=dt.date(2026, 4, 1),
            planned_end=dt.date(2027, 6, 30),
            bac=Decimal("1"),
            reason="  ",
        )
    assert _fields(caught.value) == {"reason"}


def test_a_member_needs_a_role(pm_user, norole_user):
    project = ProjectFactory(pm=pm_user)
    with pytest.raises(RuleError) as caught:
        services.set_membership(actor=pm_user, project=project, user=norole_user)
    assert _fields(caught.value) == {"user"}


def test_org_units_are_pmo_only_and_audited(pmo_user, pm_user):
    with pytest.raises(NotAllowed):
        org_services.create_org_unit(actor=pm_user, code="OU-X", name="X")
    unit = org_services.create_org_unit(actor=pmo_user, code="OU-X", name="X")
    entry = AuditEntry.objects.get(object_type="orgunit", object_id=unit.pk)
    assert entry.project_id is None and entry.action == "create"
    org_services.update_org_unit(actor=pmo_user, org_unit=unit, expected_version=1, name="Y")
    assert AuditEntry.objects.filter(object_type="orgunit", object_id=unit.pk, action="update").exists()
    with pytest.raises(RuleError) as caught:
        org_services.create_org_unit(actor=pmo_user, code="ou/x", name="bad")
    assert _fields(caught.value) == {"code"}


def test_an_org_unit_cannot_be_placed_under_itself(pmo_user):
    parent = org_services.create_org_unit(actor=pmo_user, code="OU-P", name="P")
    child = org_services.create_org_unit(actor=pmo_user, code="OU-C", name="C", parent=parent)
    parent.refresh_from_db()
    with pytest.raises(RuleError) as caught:
        org_services.update_org_unit(actor=pmo_user, org_unit=parent, expected_version=parent.version, parent=child)
    assert _fields(caught.value) == {"parent"}
