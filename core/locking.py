"""Optimistic locking and field-by-field updates with an audit entry, for every app's services.

Every update of a versioned object runs ``apply_update`` inside the service's transaction: it locks the row
(``select_for_update``), refuses when the version the editor read is not the stored one (``StaleEdit``, naming who
changed it), writes only what changed, bumps ``version`` and records the change in the audit log. The version is
required: an update without one is refused at ``version`` (it would let concurrent writers pass unnoticed).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exceptions import RuleError, StaleEdit
from core.models import AuditEntry
from core.people import display_name


def lock(obj: models.Model) -> models.Model:
    """The row of ``obj`` read again under ``SELECT … FOR UPDATE`` (state checks read this, never ``obj``)."""
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


#: The refusal of an update that does not say which version it read.
VERSION_REQUIRED = _("Send the version you read (the “version” field) with every change.")


def check_version(current: models.Model, expected_version: int | None) -> None:
    """Refuse a missing version (``RuleError`` at ``version``) or a stale one (``StaleEdit``)."""
    if not hasattr(current, "version"):
        return
    if expected_version is None:
        raise RuleError(VERSION_REQUIRED, field="version", code="required")
    if current.version != expected_version:
        last = (
            AuditEntry.objects.filter(
                app_label=current._meta.app_label, object_type=current._meta.model_name, object_id=current.pk
            )
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        who = display_name(last.actor) if last and last.actor else None
        raise StaleEdit(changed_by=who, changed_at=last.at if last else None)


def lock_and_check(obj: models.Model, expected_version: int | None) -> models.Model:
    """Lock the row and check the version the editor read; returns the locked row."""
    current = lock(obj)
    check_version(current, expected_version)
    return current


def apply_update(
    *,
    obj: models.Model,
    actor,
    project=None,
    data: dict[str, Any],
    expected_version: int | None,
    action: str = "update",
    comment: str = "",
    locked: models.Model | None = None,
) -> dict[str, list[Any]]:
    """Lock (unless ``locked`` is the already locked row), check the version, set ``data`` on ``obj``, bump its
    version, save only what changed and record the audit entry. Returns the changes (field → [old, new])."""
    current = locked if locked is not None else lock_and_check(obj, expected_version)
    fields = list(data)
    before = audit.snapshot(current, fields)
    for name, value in data.items():
        setattr(obj, name, value)
    after = audit.snapshot(obj, fields)
    changes = audit.diff(before, after)
    if not changes and not comment:
        return {}
    update_fields = list(changes)
    if hasattr(obj, "version"):
        obj.version = current.version + 1
        update_fields.append("version")
    names = {f.name for f in obj._meta.get_fields()}
    if "updated_by" in names:
        obj.updated_by = actor
        update_fields.append("updated_by")
    if "updated_at" in names:
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)
    audit.record(project=project, actor=actor, action=action, obj=obj, changes=changes, comment=comment)
    return changes


def create_with_history(*, obj: models.Model, actor, project=None, fields: list[str]) -> models.Model:
    """Validate (model rules), save and record the creation of ``obj``."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as exc:
        raise RuleError.from_validation_error(exc) from None
    obj.save()
    after = audit.snapshot(obj, fields)
    audit.record(
        project=project,
        actor=actor,
        action="create",
        obj=obj,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "", False)},
    )
    return obj
