"""The audit log: recording changes (who, when, which fields) inside the services' transactions.

Every app records through ``record``; an entry may belong to a project (its History tab) or to none (org units,
programs, standards).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from core.models import AuditEntry


def display_value(field: models.Field | None, value: Any) -> Any:
    """A JSON-safe, human-readable form of a field value (choice labels stay codes; the page translates)."""
    if value is None:
        return None
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (int, float, bool, str)):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        out[name] = display_value(field, value)
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def record(
    *,
    project=None,
    actor,
    action: str,
    obj: models.Model,
    changes: dict[str, list[Any]] | None = None,
    comment: str = "",
) -> AuditEntry:
    project_id = getattr(project, "pk", project)
    return AuditEntry.objects.create(
        project_id=project_id,
        app_label=obj._meta.app_label,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:250],
        changes=changes or {},
        comment=comment,
    )
