"""Change requests and the decision log.

An entry is either a change request (``proposed``, later ``approved`` or ``rejected`` by ``decide_change_request``
only) or a decision logged as taken (``decision``). A logged decision always names who decided and when (the actor
and, by default, today). A decided change request is part of the record: it is never edited, decided again or
deleted (a re-baseline may cite it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exceptions import InvalidTransition, Rules
from core.locking import check_version
from projects.models import ChangeRequest, ChangeStatus
from projects.services.items.common import (
    UNSET,
    Unset,
    candidate,
    given,
    lock_item,
    require_manage,
    save_new,
    save_update,
    validate_model,
)
from projects.services.items.fields import CHANGE_REQUEST_FIELDS

__all__ = ["create_change_request", "decide_change_request", "update_change_request"]

DECIDED = (ChangeStatus.APPROVED, ChangeStatus.REJECTED)
#: The statuses a person writes; approved / rejected only come from ``decide_change_request``.
ENTRY_STATUSES = (ChangeStatus.PROPOSED, ChangeStatus.DECISION)

DECIDE_WITH_ACTION = _("Approve or reject a change request with its decide action.")
ALREADY_DECIDED = _("This change request has already been decided.")
DECIDED_IS_KEPT = _("This change request has been decided: it is kept as it is and can no longer be changed.")
DECIDED_NOT_DELETED = _("This change request has been decided: it is kept as it is and cannot be deleted.")

_AUDITED = (*CHANGE_REQUEST_FIELDS, "decided_by", "requested_by")


def _entry_rules(rules: Rules, entry: ChangeRequest, *, actor, stored: ChangeRequest | None = None) -> None:
    """Only proposed / decision through edits; a decision names who and when, a proposal neither."""
    if entry.status in DECIDED and (stored is None or stored.status != entry.status):
        rules.add("status", DECIDE_WITH_ACTION)
        return
    if entry.status == ChangeStatus.DECISION:
        if entry.decided_by_id is None or (stored is not None and stored.status != ChangeStatus.DECISION):
            entry.decided_by = actor
        if entry.decided_on is None:
            stored_on = stored.decided_on if stored is not None and stored.status == ChangeStatus.DECISION else None
            entry.decided_on = stored_on or timezone.localdate()
    elif entry.status == ChangeStatus.PROPOSED:
        entry.decided_by = None
        entry.decided_on = None


def refuse_if_decided(current: ChangeRequest, message=DECIDED_IS_KEPT) -> None:
    """A decided change request is kept as it is (read on the locked row)."""
    if current.status in DECIDED:
        raise InvalidTransition(str(message))


@transaction.atomic
def create_change_request(
    *,
    actor,
    project,
    title: str,
    reason: str = "",
    cost_impact: Decimal = Decimal(0),
    schedule_impact_days: int = 0,
    status: str = ChangeStatus.PROPOSED,
    decided_on: dt.date | None = None,
) -> ChangeRequest:
    """A change request (``proposed``) or a decision logged as taken (``decision``, by the actor, ``decided_on``
    defaulting to today). ``requested_by`` is the actor."""
    require_manage(actor, project)
    values = {
        "title": title,
        "reason": reason,
        "cost_impact": cost_impact,
        "schedule_impact_days": schedule_impact_days,
        "status": status,
        "decided_on": decided_on,
    }
    entry = ChangeRequest(project=project, requested_by=actor, **values)
    rules = Rules()
    validate_model(entry, CHANGE_REQUEST_FIELDS, rules)
    _entry_rules(rules, entry, actor=actor)
    rules.raise_if_any()
    values.update(decided_on=entry.decided_on, decided_by=entry.decided_by, requested_by=actor)
    return save_new(actor=actor, obj=entry, fields=_AUDITED, values=values)


@transaction.atomic
def update_change_request(
    *,
    actor,
    change_request: ChangeRequest,
    expected_version: int | None,
    title: str | Unset = UNSET,
    reason: str | Unset = UNSET,
    cost_impact: Decimal | Unset = UNSET,
    schedule_impact_days: int | Unset = UNSET,
    status: str | Unset = UNSET,
    decided_on: dt.date | None | Unset = UNSET,
) -> ChangeRequest:
    """Change an entry that is not decided; an entry that becomes a decision is decided by the actor."""
    require_manage(actor, change_request.project)
    current = lock_item(change_request)
    refuse_if_decided(current)
    check_version(current, expected_version)
    values = given(
        title=title,
        reason=reason,
        cost_impact=cost_impact,
        schedule_impact_days=schedule_impact_days,
        status=status,
        decided_on=decided_on,
    )
    rules = Rules()
    new = candidate(current, values)
    validate_model(new, values, rules)
    _entry_rules(rules, new, actor=actor, stored=current)
    rules.raise_if_any()
    values.update(decided_by=new.decided_by, decided_on=new.decided_on)
    save_update(actor=actor, obj=change_request, current=current, values=values)
    return change_request


@transaction.atomic
def decide_change_request(
    *,
    actor,
    change_request: ChangeRequest,
    approve: bool,
    decided_on: dt.date | None = None,
    comment: str = "",
    expected_version: int | None,
) -> ChangeRequest:
    """Approve or reject a proposed change request (once); re-baselining stays a separate, explicit step."""
    require_manage(actor, change_request.project)
    current = lock_item(change_request)
    if current.status != ChangeStatus.PROPOSED:
        raise InvalidTransition(str(ALREADY_DECIDED))
    check_version(current, expected_version)
    values = {
        "status": ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED,
        "decided_by": actor,
        "decided_on": decided_on or timezone.localdate(),
    }
    rules = Rules()
    validate_model(candidate(current, values), ["decided_on"], rules)
    rules.raise_if_any()
    save_update(
        actor=actor,
        obj=change_request,
        current=current,
        values=values,
        action="approve" if approve else "reject",
        comment=comment,
    )
    return change_request
