"""Writes on a project's milestones, issues, risks, change requests, meetings and action items."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from core import audit as history
from projects.models import Issue, IssueStatus, Milestone, Risk, RiskStatus
from core.locking import apply_update
from projects.services.metrics import refresh_project_snapshot

_SKIP = {"id", "project", "version", "created_at", "updated_at", "score"}


def editable_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False) and not f.many_to_many and f.name not in _SKIP and not f.auto_created
    ]


def _after_change(obj: models.Model) -> None:
    if isinstance(obj, Milestone):
        refresh_project_snapshot(project=obj.project)


@transaction.atomic
def create_item(*, actor, model: type[models.Model], project, data: dict[str, Any]) -> models.Model:
    m2m = {k: data.pop(k) for k in list(data) if k in {"attendees"}}
    obj = model(project=project, **data)
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    after = history.snapshot(obj, editable_fields(model))
    history.record(
        project=project,
        actor=actor,
        action="create",
        obj=obj,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
    )
    _after_change(obj)
    return obj


@transaction.atomic
def update_item(*, actor, obj: models.Model, data: dict[str, Any], expected_version: int | None = None) -> models.Model:
    m2m = {k: data.pop(k) for k in list(data) if k in {"attendees"}}
    resolving = isinstance(obj, Issue) and data.get("status") in (IssueStatus.RESOLVED, IssueStatus.CLOSED)
    if resolving and not obj.resolved_on and not data.get("resolved_on"):
        data["resolved_on"] = timezone.localdate()
    apply_update(obj=obj, actor=actor, project=obj.project, data=data, expected_version=expected_version)
    for name, values in m2m.items():
        getattr(obj, name).set(values)
    _after_change(obj)
    return obj


@transaction.atomic
def delete_item(*, actor, obj: models.Model) -> None:
    project = obj.project
    history.record(project=project, actor=actor, action="delete", obj=obj)
    obj.delete()
    if isinstance(obj, Milestone):
        refresh_project_snapshot(project=project)


@transaction.atomic
def convert_risk_to_issue(*, actor, risk: Risk) -> Issue:
    """A materialised risk becomes a linked issue in one step."""
    issue = Issue.objects.create(
        project=risk.project,
        title=risk.title,
        description="\n\n".join(part for part in (risk.cause, risk.effect, risk.mitigation_plan) if part),
        owner=risk.owner,
        priority="critical" if risk.score >= 20 else "high" if risk.score >= 12 else "medium",
        source_risk=risk,
    )
    history.record(
        project=risk.project,
        actor=actor,
        action="create",
        obj=issue,
        changes={"title": [None, issue.title], "source_risk": [None, str(risk)]},
    )
    apply_update(
        obj=risk, actor=actor, project=risk.project, data={"status": RiskStatus.MATERIALISED}, action="materialise"
    )
    return issue
