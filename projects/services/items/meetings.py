"""Meetings (attendees audited like any other field) and action items.

Attendees and owners are people of the project. An action item's meeting is a meeting of the same project: any
other id gets the answer a missing meeting gets. A member may update an action item they own, but only the
project's managers hand it to someone else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.exceptions import NotAllowed, Rules
from core.locking import check_version
from projects import permissions
from projects.models import ActionItem, ActionStatus, Meeting, MeetingKind
from projects.services.items.common import (
    UNSET,
    Unset,
    candidate,
    check_people,
    check_reassign,
    given,
    lock_item,
    require_edit_assigned,
    require_manage,
    save_new,
    save_update,
    validate_model,
)
from projects.services.items.fields import ACTION_ITEM_FIELDS, MEETING_FIELDS

__all__ = ["create_action_item", "create_gate_condition_item", "create_meeting", "update_action_item", "update_meeting"]

MEETING_NOT_FOUND = _("There is no such meeting in this project.")


# --- Meetings -------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *,
    actor,
    project,
    title: str,
    held_on: dt.date,
    kind: str = MeetingKind.WEEKLY,
    duration_minutes: int = 60,
    attendees: Iterable = (),
    other_attendees: str = "",
    minutes: str = "",
    decisions: str = "",
) -> Meeting:
    require_manage(actor, project)
    attendees = list(attendees)
    values = {
        "kind": kind,
        "title": title,
        "held_on": held_on,
        "duration_minutes": duration_minutes,
        "other_attendees": other_attendees,
        "minutes": minutes,
        "decisions": decisions,
    }
    meeting = Meeting(project=project, **values)
    rules = Rules()
    validate_model(meeting, values, rules)
    check_people(rules, project, attendees, field="attendees")
    rules.raise_if_any()
    return save_new(actor=actor, obj=meeting, fields=MEETING_FIELDS, values={**values, "attendees": attendees})


@transaction.atomic
def update_meeting(
    *,
    actor,
    meeting: Meeting,
    expected_version: int | None,
    kind: str | Unset = UNSET,
    title: str | Unset = UNSET,
    held_on: dt.date | Unset = UNSET,
    duration_minutes: int | Unset = UNSET,
    attendees: Iterable | Unset = UNSET,
    other_attendees: str | Unset = UNSET,
    minutes: str | Unset = UNSET,
    decisions: str | Unset = UNSET,
) -> Meeting:
    """Change the fields given; a change of attendees is in the audit entry (usernames before and after)."""
    require_manage(actor, meeting.project)
    current = lock_item(meeting)
    check_version(current, expected_version)
    values = given(
        kind=kind,
        title=title,
        held_on=held_on,
        duration_minutes=duration_minutes,
        attendees=attendees if attendees is UNSET else list(attendees),
        other_attendees=other_attendees,
        minutes=minutes,
        decisions=decisions,
    )
    rules = Rules()
    validate_model(candidate(current, values), [name for name in values if name != "attendees"], rules)
    if "attendees" in values:
        present = list(current.attendees.values_list("pk", flat=True))
        check_people(rules, meeting.project, values["attendees"], field="attendees", keep=present)
    rules.raise_if_any()
    save_update(actor=actor, obj=meeting, current=current, values=values)
    return meeting


# --- Action items ---------------------------------------------------------------------------------------------------


def _check_meeting(rules: Rules, project, meeting) -> None:
    if meeting is not None and meeting.project_id != project.pk:
        rules.add("meeting", MEETING_NOT_FOUND)


@transaction.atomic
def create_action_item(
    *,
    actor,
    project,
    title: str,
    meeting: Meeting | None = None,
    owner=None,
    due_date: dt.date | None = None,
    status: str = ActionStatus.OPEN,
) -> ActionItem:
    require_manage(actor, project)
    values = {"title": title, "meeting": meeting, "owner": owner, "due_date": due_date, "status": status}
    item = ActionItem(project=project, **values)
    rules = Rules()
    _check_meeting(rules, project, meeting)
    validate_model(item, [name for name in ACTION_ITEM_FIELDS if not rules.has(name)], rules)
    check_people(rules, project, [owner], field="owner")
    rules.raise_if_any()
    return save_new(actor=actor, obj=item, fields=ACTION_ITEM_FIELDS, values=values)


@transaction.atomic
def create_gate_condition_item(
    *, actor, project, title: str, owner=None, due_date: dt.date | None = None
) -> ActionItem:
    """An action item recording a condition of a phase-gate approval, written by whoever decided the gate.

    Narrower than ``create_action_item``: allowed to ``permissions.can_advance_phase`` (the PMO, or an executive
    who may see the project, who need not manage it); the item is open, belongs to no meeting, and its owner is one
    of the project's people. The audit entry names ``actor``."""
    if not permissions.can_advance_phase(actor, project):
        raise NotAllowed()
    values = {"title": title, "meeting": None, "owner": owner, "due_date": due_date, "status": ActionStatus.OPEN}
    item = ActionItem(project=project, **values)
    rules = Rules()
    validate_model(item, ACTION_ITEM_FIELDS, rules)
    check_people(rules, project, [owner], field="owner")
    rules.raise_if_any()
    return save_new(actor=actor, obj=item, fields=ACTION_ITEM_FIELDS, values=values)


@transaction.atomic
def update_action_item(
    *,
    actor,
    action_item: ActionItem,
    expected_version: int | None,
    title: str | Unset = UNSET,
    meeting: Meeting | None | Unset = UNSET,
    owner=UNSET,
    due_date: dt.date | None | Unset = UNSET,
    status: str | Unset = UNSET,
) -> ActionItem:
    """Change the fields given. The project's managers, or a member who owns the item (not its owner, though)."""
    current = lock_item(action_item)
    require_edit_assigned(actor, current)
    check_version(current, expected_version)
    values = given(title=title, meeting=meeting, owner=owner, due_date=due_date, status=status)
    rules = Rules()
    check_reassign(rules, actor, current, owner)
    if meeting is not UNSET:
        _check_meeting(rules, action_item.project, meeting)
    validate_model(candidate(current, values), [name for name in values if not rules.has(name)], rules)
    if owner is not UNSET and not rules.has("owner"):
        check_people(rules, action_item.project, [owner], field="owner", keep=[current.owner_id])
    rules.raise_if_any()
    save_update(actor=actor, obj=action_item, current=current, values=values)
    return action_item
