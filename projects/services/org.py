"""Writes on the organisation: org units and programs. The PMO only; every change is audited (an audit entry
without a project)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import NotAllowed, RuleError, Rules
from core.locking import apply_update, check_version, lock
from core.unset import UNSET
from projects import permissions
from projects.models import OrgUnit, Program

ORG_UNIT_FIELDS = ["code", "name", "parent"]
PROGRAM_FIELDS = ["code", "name", "description", "org_unit"]


def _require_pmo(actor) -> None:
    if not permissions.can_manage_organisation(actor):
        raise NotAllowed(_("Only the PMO can change the organisation."))


def _validated(obj, rules: Rules) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        rules.extend(exc)
    if isinstance(obj, OrgUnit) and obj.pk and obj.parent_id:
        node, seen = obj.parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == obj.pk:
                rules.add("parent", _("An org unit cannot be placed under itself."))
                break
            seen.add(node.pk)
            node = node.parent
    rules.raise_if_any()


def _create(*, actor, obj, fields: list[str]):
    _require_pmo(actor)
    _validated(obj, Rules())
    obj.save()
    created = audit.snapshot(obj, fields)
    audit.record(actor=actor, action="create", obj=obj, changes={k: [None, v] for k, v in created.items() if v})
    return obj


def _update(*, actor, obj, expected_version: int | None, changes: dict):
    _require_pmo(actor)
    current = lock(obj)
    check_version(current, expected_version)
    candidate = type(obj)(**{f.attname: getattr(current, f.attname) for f in obj._meta.concrete_fields})
    candidate._state.adding = False  # an existing row: uniqueness excludes itself
    for key, value in changes.items():
        setattr(candidate, key, value)
    _validated(candidate, Rules())
    apply_update(obj=obj, actor=actor, data=changes, expected_version=None, locked=current)
    return obj


@transaction.atomic
def create_org_unit(*, actor, code: str, name: str, parent: OrgUnit | None = None) -> OrgUnit:
    return _create(actor=actor, obj=OrgUnit(code=code, name=name, parent=parent), fields=ORG_UNIT_FIELDS)


@transaction.atomic
def update_org_unit(
    *, actor, org_unit: OrgUnit, expected_version: int | None, code: str = UNSET, name: str = UNSET, parent=UNSET
) -> OrgUnit:
    changes = {k: v for k, v in (("code", code), ("name", name), ("parent", parent)) if v is not UNSET}
    return _update(actor=actor, obj=org_unit, expected_version=expected_version, changes=changes)


@transaction.atomic
def create_program(*, actor, code: str, name: str, description: str = "", org_unit: OrgUnit | None = None) -> Program:
    obj = Program(code=code, name=name, description=description, org_unit=org_unit)
    return _create(actor=actor, obj=obj, fields=PROGRAM_FIELDS)


@transaction.atomic
def update_program(
    *,
    actor,
    program: Program,
    expected_version: int | None,
    code: str = UNSET,
    name: str = UNSET,
    description: str = UNSET,
    org_unit=UNSET,
) -> Program:
    pairs = (("code", code), ("name", name), ("description", description), ("org_unit", org_unit))
    changes = {k: v for k, v in pairs if v is not UNSET}
    return _update(actor=actor, obj=program, expected_version=expected_version, changes=changes)


@transaction.atomic
def delete_org_object(*, actor, obj: OrgUnit | Program) -> None:
    """Remove an org unit or program that nothing uses (a used one is refused: close its projects instead)."""
    _require_pmo(actor)
    lock(obj)
    audit.record(actor=actor, action="delete", obj=obj)
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError:
        raise RuleError(_("This is still in use (for example by a project) and cannot be deleted.")) from None
