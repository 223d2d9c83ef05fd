"""Early warnings (SPEC.md "Notifications": the daily warning digest), raised by the daily job
(``projects.services.warnings.raise_warnings``) from the pure rules of ``projects.domain.warnings``.

A warning is identified by its ``kind`` and ``key`` (e.g. ``issue:42``, ``person:7:2026-12``): while the condition
stays true the same row is kept (``last_seen_at`` moves on), so a warning is raised once, not every day. When the
condition no longer holds the row is resolved (kept, with ``resolved_at``); if it comes back, a new row is raised.
At most one unresolved row per (kind, key), enforced by the database.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.querysets import ProjectItemQuerySet


class WarningKind(models.TextChoices):
    SPI_RED = "spi_red", _("SPI below the red threshold")
    CPI_RED = "cpi_red", _("CPI below the red threshold")
    GATE_SLIP = "gate_slip", _("Phase gate forecast to slip")
    ISSUE_OVERDUE = "issue_overdue", _("Issue overdue")
    RISK_REVIEW = "risk_review", _("High risk past its review date")
    OVER_ALLOCATION = "over_allocation", _("Person over-allocated")


#: The sentence of each kind, with the parameters stored on the warning (rendered in the reader's language).
MESSAGES = {
    WarningKind.SPI_RED: _("SPI %(value)s is below the red threshold %(threshold)s."),
    WarningKind.CPI_RED: _("CPI %(value)s is below the red threshold %(threshold)s."),
    WarningKind.GATE_SLIP: _(
        "Phase gate “%(name)s” is forecast for %(forecast)s, %(days)s working days after its baseline %(baseline)s."
    ),
    WarningKind.ISSUE_OVERDUE: _("Issue “%(title)s” is %(days)s working days past its due date %(due)s."),
    WarningKind.RISK_REVIEW: _("High risk “%(title)s” (score %(score)s) was due for review on %(review)s."),
    WarningKind.OVER_ALLOCATION: _("%(person)s is allocated %(percent)s %% in %(month)s (capacity %(capacity)s %%)."),
}


class EarlyWarningQuerySet(ProjectItemQuerySet):
    def open(self) -> EarlyWarningQuerySet:
        return self.filter(resolved_at__isnull=True)


class EarlyWarning(models.Model):
    """One early warning. ``project`` is empty for warnings about a person (over-allocation across projects)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="early_warnings",
        verbose_name=_("project"),
    )
    person = models.ForeignKey(
        "projects.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="early_warnings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    key = models.CharField(max_length=100)
    params = models.JSONField(default=dict)
    first_raised_at = models.DateTimeField(_("first raised"))
    last_seen_at = models.DateTimeField(_("last seen"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    objects = EarlyWarningQuerySet.as_manager()

    class Meta:
        ordering = ["-first_raised_at", "-id"]
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"], condition=Q(resolved_at__isnull=True), name="earlywarning_one_open"
            )
        ]
        indexes = [models.Index(fields=["project", "resolved_at"], name="earlywarning_project_open")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def text(self) -> str:
        try:
            return str(MESSAGES[self.kind]) % self.params
        except (KeyError, TypeError, ValueError):
            return str(self.get_kind_display())
