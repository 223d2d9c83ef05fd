"""Shared service plumbing: optimistic locking and field-by-field updates with history."""

from __future__ import annotations

from typing import Any

from django.db import models

from projects import history
from projects.exceptions import StaleEdit
from projects.models import AuditEntry
from projects.people import display_name


def lock_and_check(obj: models.Model, expected_version: int | None) -> models.Model:
    """Lock the row; refuse with StaleEdit when someone saved it since ``expected_version`` was read."""
    current = type(obj).objects.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        last = (
            AuditEntry.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)
            .select_related("actor")
            .first()
        )
        who = None
        if last and last.actor:
            who = display_name(last.actor)
        raise StaleEdit(changed_by=who, changed_at=last.at if last else None)
    return current


def apply_update(
    *,
    obj: models.Model,
    actor,
    project,
    data: dict[str, Any],
    expected_version: int | None = None,
    action: str = "update",
    comment: str = "",
) -> dict[str, list[Any]]:
    """Lock, compare versions, set ``data`` on ``obj``, bump its version, save only what changed, record history."""
    current = lock_and_check(obj, expected_version)
    fields = list(data)
    before = history.snapshot(current, fields)
    for name, value in data.items():
        setattr(obj, name, value)
    after = history.snapshot(obj, fields)
    changes = history.diff(before, after)
    if not changes and not comment:
        return {}
    update_fields = list(changes)
    if hasattr(obj, "version"):
        obj.version = current.version + 1
        update_fields.append("version")
    for auto in ("updated_at", "updated_by"):
        if any(f.name == auto for f in obj._meta.get_fields()):
            if auto == "updated_by":
                obj.updated_by = actor
            update_fields.append(auto)
    obj.save(update_fields=update_fields)
    history.record(project=project, actor=actor, action=action, obj=obj, changes=changes, comment=comment)
    return changes


def create_with_history(*, obj: models.Model, actor, project, fields: list[str]) -> models.Model:
    obj.full_clean()
    obj.save()
    after = history.snapshot(obj, fields)
    history.record(
        project=project,
        actor=actor,
        action="create",
        obj=obj,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "")},
    )
    return obj
