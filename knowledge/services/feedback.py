"""Feedback on lessons: "was this helpful?" votes (one per person and lesson, changeable) and view counts."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import NotAllowed
from core.locking import lock
from knowledge import permissions
from knowledge.models import Lesson, LessonState, LessonVote


@transaction.atomic
def vote(*, actor, lesson: Lesson, helpful: bool) -> LessonVote:
    """Record or change ``actor``'s vote on a published lesson (not their own); the counts follow in the same
    transaction (the lesson's row is locked, so concurrent votes count once each)."""
    current = lock(lesson)
    if not permissions.can_view_lesson(actor, current):
        raise NotAllowed(_("You may not vote on this lesson."))
    if current.author_id == actor.pk:
        raise NotAllowed(_("You cannot vote on your own lesson."), field="helpful")
    if current.state != LessonState.PUBLISHED:
        raise NotAllowed(_("Only published lessons take votes."), field="helpful")
    existing = LessonVote.objects.filter(lesson=current, user=actor).first()
    if existing is not None and existing.helpful == helpful:
        return existing
    old = None if existing is None else existing.helpful
    if existing is None:
        existing = LessonVote.objects.create(lesson=current, user=actor, helpful=helpful)
    else:
        existing.helpful = helpful
        existing.save(update_fields=["helpful", "updated_at"])
    counts = LessonVote.objects.filter(lesson=current).aggregate(
        yes=Count("pk", filter=Q(helpful=True)), no=Count("pk", filter=Q(helpful=False))
    )
    Lesson.objects.filter(pk=current.pk).update(helpful_count=counts["yes"], unhelpful_count=counts["no"])
    lesson.helpful_count, lesson.unhelpful_count = counts["yes"], counts["no"]
    audit.record(
        project=current.source_project_id, actor=actor, action="vote", obj=current, changes={"helpful": [old, helpful]}
    )
    return existing


def record_view(*, lesson: Lesson, viewer) -> None:
    """One more view of a published lesson, by someone else than its author: an atomic ``F()`` update (no lock,
    no audit entry: a view changes nothing)."""
    if lesson.state != LessonState.PUBLISHED or lesson.author_id == getattr(viewer, "pk", None):
        return
    Lesson.objects.filter(pk=lesson.pk).update(view_count=F("view_count") + 1)
    lesson.view_count += 1
