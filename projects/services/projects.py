"""Writes on projects, baselines and memberships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from core import audit as history
from projects.models import Baseline, ChangeRequest, ChangeStatus, Project, ProjectMembership
from core.locking import apply_update
from projects.services.metrics import refresh_project_snapshot

PROJECT_FIELDS = [
    "code",
    "name",
    "description",
    "org_unit",
    "program",
    "pm",
    "deputy_pm",
    "sponsor",
    "customer",
    "project_type",
    "state",
    "phase",
    "confidential",
    "currency",
]
BASELINE_FIELDS = [
    "planned_start",
    "planned_end",
    "bac",
    "defect_density_target",
    "review_coverage_target",
    "open_defects_target",
    "test_pass_rate_target",
]


@transaction.atomic
def create_project(*, actor, data: dict[str, Any], baseline: dict[str, Any]) -> Project:
    """Create a project with its first baseline. ``data`` holds PROJECT_FIELDS, ``baseline`` BASELINE_FIELDS."""
    project = Project(**{k: v for k, v in data.items() if k in PROJECT_FIELDS}, updated_by=actor)
    project.save()
    first = Baseline.objects.create(
        project=project,
        number=1,
        reason=baseline.get("reason", ""),
        created_by=actor,
        **{k: v for k, v in baseline.items() if k in BASELINE_FIELDS},
    )
    project.baseline = first
    project.save(update_fields=["baseline"])
    created = history.snapshot(project, PROJECT_FIELDS)
    history.record(
        project=project,
        actor=actor,
        action="create",
        obj=project,
        changes={k: [None, v] for k, v in created.items() if v not in (None, "", False)},
    )
    history.record(
        project=project,
        actor=actor,
        action="baseline",
        obj=first,
        changes={k: [None, v] for k, v in history.snapshot(first, BASELINE_FIELDS).items() if v is not None},
    )
    refresh_project_snapshot(project=project)
    return project


@transaction.atomic
def update_project(*, actor, project: Project, data: dict[str, Any], expected_version: int | None) -> Project:
    apply_update(
        obj=project,
        actor=actor,
        project=project,
        data={k: v for k, v in data.items() if k in PROJECT_FIELDS},
        expected_version=expected_version,
    )
    return project


@transaction.atomic
def rebaseline(
    *,
    actor,
    project: Project,
    planned_start: dt.date,
    planned_end: dt.date,
    bac: Decimal,
    reason: str,
    change_request: ChangeRequest | None = None,
    targets: dict[str, Any] | None = None,
) -> Baseline:
    """Add a new baseline and make it current; every earlier baseline stays as it was."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    previous = locked.baseline
    number = (locked.baselines.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    carried = {f: getattr(previous, f) for f in BASELINE_FIELDS[3:]} if previous else {}
    carried.update(targets or {})
    new = Baseline.objects.create(
        project=locked,
        number=number,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        reason=reason,
        change_request=change_request,
        created_by=actor,
        **carried,
    )
    before = history.snapshot(previous, BASELINE_FIELDS) if previous else {}
    after = history.snapshot(new, BASELINE_FIELDS)
    project.baseline = new
    project.version = locked.version + 1
    project.updated_by = actor
    project.save(update_fields=["baseline", "version", "updated_by", "updated_at"])
    history.record(
        project=project, actor=actor, action="rebaseline", obj=new, changes=history.diff(before, after), comment=reason
    )
    refresh_project_snapshot(project=project)
    return new


@transaction.atomic
def set_membership(*, actor, project: Project, user, project_role: str = "") -> ProjectMembership:
    membership, created = ProjectMembership.objects.update_or_create(
        project=project, user=user, defaults={"project_role": project_role}
    )
    history.record(
        project=project,
        actor=actor,
        action="add member" if created else "update member",
        obj=membership,
        changes={"project_role": [None, project_role]},
    )
    return membership


@transaction.atomic
def remove_membership(*, actor, membership: ProjectMembership) -> None:
    project = membership.project
    history.record(project=project, actor=actor, action="remove member", obj=membership)
    membership.delete()


@transaction.atomic
def decide_change_request(
    *, actor, change_request: ChangeRequest, approve: bool, decided_on: dt.date, comment: str = ""
) -> ChangeRequest:
    """Approve or reject a change request; re-baselining stays a separate, explicit step."""
    apply_update(
        obj=change_request,
        actor=actor,
        project=change_request.project,
        data={
            "status": ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED,
            "decided_by": actor,
            "decided_on": decided_on,
        },
        action="approve" if approve else "reject",
        comment=comment,
    )
    return change_request
