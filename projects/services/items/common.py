"""What the item services share: the ``UNSET`` sentinel, the people rule, permission checks, validation against the
model, and writing a creation or an update with its audit entry.

Every service runs in one transaction and follows the same order: permission (``projects.permissions``, refused with
``NotAllowed``), lock the row, state rules on the locked row, the version the editor read, the other rules (all
reported at once through ``Rules``), then the write and its audit entry.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exceptions import NotAllowed, Rules
from core.locking import lock
from core.unset import UNSET, Unset, given  # noqa: F401 - re-exported for the item services
from projects import permissions
from projects.selectors import project_people

User = get_user_model()
T = TypeVar("T")


# --- Messages shared by several kinds (forms and serializers show the same words for the same input) ----------------

PERSON_MESSAGE = _("Choose one of the project's people: its PM, deputy PM or a member.")
ATTENDEES_MESSAGE = _("Choose the attendees among the project's people: its PM, deputy PM and members.")
REASSIGN_MESSAGE = _("Only the project's PM or the PMO can hand this to someone else.")


# --- The people of a project ----------------------------------------------------------------------------------------


def check_people(rules: Rules, project, users: Iterable[Any], *, field: str, keep: Iterable[int | None] = ()) -> None:
    """Every one of ``users`` is a person of ``project`` (or in ``keep``); otherwise one message at ``field``.

    The message is the same for a user who is not in the project and for one the caller could not find, so that the
    answer says nothing about who exists.
    """
    wanted = {getattr(user, "pk", None) for user in users if user is not None}
    kept = {pk for pk in keep if pk}
    if None in wanted:
        rules.add(field, PERSON_MESSAGE if field != "attendees" else ATTENDEES_MESSAGE)
        return
    missing = wanted - kept
    if not missing:
        return
    found = set(project_people(project).filter(pk__in=missing).values_list("pk", flat=True))
    if found != missing:
        rules.add(field, PERSON_MESSAGE if field != "attendees" else ATTENDEES_MESSAGE)


# --- Permissions ----------------------------------------------------------------------------------------------------


def require_manage(actor, project) -> None:
    """The actor manages the project (PMO, or its PM / deputy PM), else ``NotAllowed``."""
    if not permissions.can_manage_project(actor, project):
        raise NotAllowed()


def lock_item(obj: models.Model) -> models.Model:
    """The locked row of ``obj``, with ``obj``'s project attached (permission questions read it)."""
    current = lock(obj)
    current.project = obj.project
    return current


def require_edit_assigned(actor, current) -> None:
    """Issues and action items: the project's managers, or a member who owns the (locked) item."""
    if not permissions.can_edit_assigned(actor, current):
        raise NotAllowed()


def check_reassign(rules: Rules, actor, current, owner) -> None:
    """Only the project's managers hand an item to someone else (``owner`` is the new owner, or ``UNSET``)."""
    if owner is UNSET or getattr(owner, "pk", None) == current.owner_id:
        return
    if not permissions.can_reassign(actor, current):
        rules.add("owner", REASSIGN_MESSAGE)


# --- Validation against the model, creation and update with history -------------------------------------------------


def validate_model(obj: models.Model, fields: Iterable[str], rules: Rules) -> None:
    """The model's own rules (choices, lengths, validators, check constraints) for ``fields``, into ``rules``."""
    names = set(fields)
    exclude = [f.name for f in obj._meta.concrete_fields if f.name not in names]
    try:
        obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        rules.extend(exc)


def candidate(current: T, values: dict[str, Any]) -> T:
    """A copy of the locked row with ``values`` set (to validate without touching the row or the caller's object)."""
    copied = copy.copy(current)
    for name, value in values.items():
        if not _is_m2m(copied, name):
            setattr(copied, name, value)
    return copied


def _is_m2m(obj: models.Model, name: str) -> bool:
    return obj._meta.get_field(name).many_to_many


def _people_text(users: Iterable[Any]) -> str:
    return ", ".join(sorted(user.username for user in users))


def _concrete(obj: models.Model, values: dict[str, Any]) -> list[str]:
    return [name for name in values if not _is_m2m(obj, name)]


def save_new(*, actor, obj: models.Model, fields: Iterable[str], values: dict[str, Any]) -> models.Model:
    """Save ``obj`` (already validated) with the many-to-many ``values`` and record its creation."""
    obj.save()
    m2m = {name: list(value) for name, value in values.items() if _is_m2m(obj, name)}
    for name, value in m2m.items():
        getattr(obj, name).set(value)
    plain = [name for name in fields if not _is_m2m(obj, name)]
    changes = {k: [None, v] for k, v in audit.snapshot(obj, plain).items() if v not in (None, "", False)}
    for name, value in m2m.items():
        if value:
            changes[name] = [None, _people_text(value)]
    audit.record(project=obj.project_id, actor=actor, action="create", obj=obj, changes=changes)
    return obj


def save_update(
    *,
    actor,
    obj: models.Model,
    current: models.Model,
    values: dict[str, Any],
    action: str = "update",
    comment: str = "",
) -> dict[str, list[Any]]:
    """Write ``values`` on ``obj`` (many-to-many ones included), bump the version and record what changed.

    ``current`` is the locked row the rules were checked against (the "before" of the audit entry). Nothing is
    written when nothing changed and there is no comment. Returns the changes (field → [old, new]).
    """
    plain = _concrete(obj, values)
    before = audit.snapshot(current, plain)
    for name in plain:
        setattr(obj, name, values[name])
    changes = audit.diff(before, audit.snapshot(obj, plain))
    m2m_changed: dict[str, list[Any]] = {}
    for name, value in values.items():
        if name in plain:
            continue
        users = list(value)
        old, new = _people_text(getattr(current, name).all()), _people_text(users)
        if old != new:
            changes[name] = [old, new]
            m2m_changed[name] = users
    if not changes and not comment:
        return {}
    update_fields = [name for name in changes if name not in m2m_changed]
    obj.version = current.version + 1
    update_fields.append("version")
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)
    for name, users in m2m_changed.items():
        getattr(obj, name).set(users)
    audit.record(project=obj.project_id, actor=actor, action=action, obj=obj, changes=changes, comment=comment)
    return changes
