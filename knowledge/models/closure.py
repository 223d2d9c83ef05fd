"""A recorded decision to close a project without a lesson (the close guard accepts it instead of one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from knowledge.querysets import ClosureSkipQuerySet


class ClosureSkip(models.Model):
    """The project's PM (or the PMO) decided the project closes without a lesson, and said why. One per project;
    never deleted (the close guard and the project's history read it)."""

    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, related_name="lesson_skip")
    skipped_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    skipped_at = models.DateTimeField(auto_now_add=True)

    objects = ClosureSkipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson skip at closing")
        verbose_name_plural = _("lesson skips at closing")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.reason[:40]}"
