"""Deleting a project item (milestone, issue, risk, change request, meeting or action item)."""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exceptions import RuleError
from projects.models import ChangeRequest, Milestone
from projects.services.items.changes import DECIDED_NOT_DELETED, refuse_if_decided
from projects.services.items.common import lock_item, require_manage
from projects.services.metrics import refresh_project_snapshot

__all__ = ["delete_item"]

#: The words of ``core.api`` for a ``ProtectedError`` (something still points at the object).
IN_USE = _("This is still in use and cannot be deleted.")


@transaction.atomic
def delete_item(*, actor, obj: models.Model) -> None:
    """The project's managers delete an item; its history stays. A decided change request is never deleted."""
    project = obj.project
    require_manage(actor, project)
    current = lock_item(obj)
    if isinstance(current, ChangeRequest):
        refuse_if_decided(current, DECIDED_NOT_DELETED)
    audit.record(project=project, actor=actor, action="delete", obj=current)
    try:
        current.delete()
    except ProtectedError:
        raise RuleError(str(IN_USE)) from None
    if isinstance(obj, Milestone):
        refresh_project_snapshot(project=project)
