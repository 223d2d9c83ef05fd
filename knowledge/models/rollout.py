"""A lesson rolled out into a checklist (横展開): the trace from a lesson to the checklist item made from it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from knowledge.querysets import LessonChildQuerySet


class LessonRollout(models.Model):
    """The PMO promoted ``lesson`` into ``checklist``: ``checklist_item`` was added to that checklist's draft version
    (``standards.services.checklists.add_item_to_draft``, with ``source_key`` ``knowledge.lesson:<id>``). One per
    lesson and checklist; never deleted."""

    lesson = models.ForeignKey("knowledge.Lesson", on_delete=models.PROTECT, related_name="rollouts")
    checklist = models.ForeignKey(
        "standards.Checklist", on_delete=models.PROTECT, related_name="+", verbose_name=_("checklist")
    )
    checklist_item = models.ForeignKey("standards.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    promoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    promoted_at = models.DateTimeField(auto_now_add=True)

    objects = LessonChildQuerySet.as_manager()

    class Meta:
        ordering = ["-promoted_at", "-id"]
        verbose_name = _("rollout")
        verbose_name_plural = _("rollouts")
        constraints = [models.UniqueConstraint(fields=["lesson", "checklist"], name="rollout_once_per_checklist")]

    def __str__(self) -> str:
        return f"{self.lesson_id} → {self.checklist_id}"
