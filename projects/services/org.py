"""Writes on the organisation: org units and programs (PMO only; the caller checks permissions).

These objects belong to no project, so there is no History-tab entry; the change is logged instead.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from django.db import transaction

from projects.models import OrgUnit, Program

logger = logging.getLogger(__name__)

OrgObject = TypeVar("OrgObject", OrgUnit, Program)


@transaction.atomic
def create_org_object(*, actor, model: type[OrgObject], data: dict[str, Any]) -> OrgObject:
    """Create an org unit or a program from clean ``data``."""
    obj = model(**data)
    obj.full_clean()
    obj.save()
    logger.info("%s created %s %s", getattr(actor, "username", actor), model._meta.model_name, obj.code)
    return obj


@transaction.atomic
def update_org_object(*, actor, obj: OrgObject, data: dict[str, Any]) -> OrgObject:
    """Change an org unit or a program; only the fields in ``data`` are written."""
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    for name, value in data.items():
        setattr(locked, name, value)
        setattr(obj, name, value)
    locked.full_clean()
    locked.save(update_fields=list(data) or None)
    logger.info("%s changed %s %s: %s", getattr(actor, "username", actor), obj._meta.model_name, obj.code, list(data))
    return obj


@transaction.atomic
def delete_org_object(*, actor, obj: OrgUnit | Program) -> None:
    """Delete an org unit or a program. Raises ``django.db.models.ProtectedError`` while anything uses it."""
    code = obj.code
    obj.delete()
    logger.info("%s deleted %s %s", getattr(actor, "username", actor), obj._meta.model_name, code)
