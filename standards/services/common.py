"""What the standards services share: the PMO-only check, model validation and the version life cycle rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, Rules
from standards import permissions
from standards.models import StandardStatus, VersionState

ONLY_PMO = _("Only the PMO edits standards.")
PUBLISHED_IS_FROZEN = _("A published version cannot be changed in place: create a new version.")
RETIRED_IS_FINAL = _("This standard is retired: it can no longer be changed or used.")
DRAFT_EXISTS = _("A draft version already exists: edit it or publish it first.")
NOTHING_TO_PUBLISH = _("There is no draft version to publish.")


def require_pmo(actor) -> None:
    if not permissions.can_edit_standards(actor):
        raise NotAllowed(ONLY_PMO)


def validate(obj: models.Model, fields: Iterable[str], rules: Rules, *, unique: bool = True) -> None:
    names = set(fields)
    exclude = [f.name for f in obj._meta.concrete_fields if f.name not in names]
    try:
        obj.full_clean(exclude=exclude, validate_unique=unique, validate_constraints=False)
    except ValidationError as exc:
        rules.extend(exc)


def require_not_retired(parent) -> None:
    if parent.status == StandardStatus.RETIRED:
        raise InvalidTransition(RETIRED_IS_FINAL, field="status")


def require_draft(version) -> None:
    if version.state != VersionState.DRAFT:
        raise InvalidTransition(PUBLISHED_IS_FROZEN)


def record_create(*, actor, obj: models.Model, fields: list[str], comment: str = "") -> None:
    changes = {k: [None, v] for k, v in audit.snapshot(obj, fields).items() if v not in (None, "", False)}
    audit.record(actor=actor, action="create", obj=obj, changes=changes, comment=comment)


def save_changes(*, actor, obj: models.Model, current: models.Model, values: dict[str, Any], action="update",
                 comment: str = "", project=None) -> dict[str, list[Any]]:  # fmt: skip
    """Write ``values`` on ``obj`` (validated already), bump its version and record what changed."""
    fields = list(values)
    before = audit.snapshot(current, fields)
    for name, value in values.items():
        setattr(obj, name, value)
    changes = audit.diff(before, audit.snapshot(obj, fields))
    if not changes and not comment:
        return {}
    update_fields = list(changes)
    if hasattr(obj, "version"):
        obj.version = current.version + 1
        update_fields.append("version")
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)
    audit.record(project=project, actor=actor, action=action, obj=obj, changes=changes, comment=comment)
    return changes
