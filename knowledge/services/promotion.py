"""Promotion (横展開): the PMO turns a published lesson into an item of a checklist, and the trace is kept.

The item is added to the checklist's draft version by ``standards.services.checklists.add_item_to_draft`` (a new
draft copied from the latest version when there is none), with a link back to the lesson (``source_url``,
``source_label``, ``source_key`` = ``knowledge.lesson:<id>``). A ``LessonRollout`` records lesson, checklist, item,
who and when; the lesson's page reads it, and ``standards.selectors.projects_running_source`` counts the projects
that have since run a checklist version holding that item.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, Rules
from core.locking import lock
from knowledge import permissions
from knowledge.models import Lesson, LessonRollout, LessonState
from standards.models import Checklist
from standards.services import checklists as checklist_services

ITEM_TEXT_MAX = 500


@transaction.atomic
def promote_lesson(
    *,
    actor,
    lesson: Lesson,
    checklist: Checklist | None,
    text: str = "",
    guidance: str | None = None,
    required: bool = False,
) -> LessonRollout:
    """Add an item made from ``lesson`` to ``checklist``'s draft and record the rollout. ``text`` defaults to the
    lesson's title, ``guidance`` to its recommendation."""
    current = lock(lesson)
    if not permissions.can_curate(actor) or not permissions.can_view_lesson(actor, current):
        raise NotAllowed(_("Only the PMO can roll a lesson out into a checklist."))
    if current.state != LessonState.PUBLISHED:
        raise InvalidTransition(_("Only a published lesson can be rolled out into a checklist."), field="state")
    rules = Rules()
    rules.check(checklist is not None, "checklist", _("Choose a checklist."))
    rules.raise_if_any()
    text = (text or current.title).strip()
    rules.check(
        len(text) <= ITEM_TEXT_MAX,
        "text",
        _("The checklist item has at most %(n)d characters.") % {"n": ITEM_TEXT_MAX},
    )
    rules.check(
        not LessonRollout.objects.filter(lesson=current, checklist=checklist).exists(),
        "checklist",
        _("This lesson is already rolled out into this checklist."),
    )
    rules.raise_if_any()
    item = checklist_services.add_item_to_draft(
        actor=actor,
        checklist=checklist,
        text=text,
        guidance=current.recommendation if guidance is None else guidance,
        required=required,
        source_url=current.get_absolute_url(),
        source_label=current.title[:200],
        source_key=current.source_key,
    )
    rollout = LessonRollout.objects.create(lesson=current, checklist=checklist, checklist_item=item, promoted_by=actor)
    audit.record(
        project=current.source_project_id,
        actor=actor,
        action="promote",
        obj=current,
        changes={"checklist": [None, str(checklist)]},
    )
    return rollout


def promotable_checklists(actor):
    """The checklists a lesson may go into: those the PMO sees that are not retired."""
    from standards import selectors as standards_selectors
    from standards.models import StandardStatus

    return standards_selectors.checklists(actor, "view").exclude(status=StandardStatus.RETIRED).order_by("code")
