from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabelsModel
from projects.models.choices import Rag, ReportState
from projects.models.project import MONEY, RATIO
from projects.querysets import ProjectItemQuerySet


class StatusReport(ChoiceLabelsModel):
    """The weekly status report (週次報告) of one project for one ISO week (``2026-W47``).

    One per project and week. Once submitted, content is never changed in place: a change after submission
    first copies the submitted content into a ``StatusReportRevision`` and raises ``revision``. ``version`` is
    the optimistic-locking counter compared on every save. The ``suggested_*`` fields and the EVM figures are
    computed from the numbers when the report is saved and at its submission (``projects.evaluation``), then
    frozen: nothing recomputes a submitted or reviewed report; the PM's RAG may differ, with ``rag_comment``.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="status_reports")
    week = models.CharField(_("week"), max_length=8)
    week_start = models.DateField(_("week start"))
    state = models.CharField(_("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    revision = models.PositiveIntegerField(_("revision"), default=1)

    overall_rag = models.CharField(_("overall"), max_length=8, choices=Rag.choices)
    schedule_rag = models.CharField(_("schedule"), max_length=8, choices=Rag.choices)
    cost_rag = models.CharField(_("cost"), max_length=8, choices=Rag.choices)
    quality_rag = models.CharField(_("quality"), max_length=8, choices=Rag.choices)
    scope_rag = models.CharField(_("scope"), max_length=8, choices=Rag.choices)
    rag_comment = models.TextField(_("reason for overriding the suggested RAG"), blank=True)

    percent_complete = models.DecimalField(
        _("progress (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    actual_cost_to_date = models.DecimalField(
        _("actual cost to date"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    summary = models.TextField(_("summary"))
    achievements = models.TextField(_("achievements this week"), blank=True)
    next_plan = models.TextField(_("plan for next week"), blank=True)
    help_needed = models.TextField(_("help needed / escalation"), blank=True)

    # Computed when saved (see the class docstring); frozen once submitted. ``bac`` and ``baseline_number`` are the
    # baseline the figures were judged against, so a later re-baseline never changes what the report shows.
    bac = models.DecimalField(_("BAC"), null=True, blank=True, **MONEY)
    baseline_number = models.PositiveIntegerField(_("baseline"), null=True, blank=True)
    suggested_schedule_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    suggested_cost_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    suggested_quality_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    suggested_overall_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    pv = models.DecimalField(null=True, blank=True, **MONEY)
    ev = models.DecimalField(null=True, blank=True, **MONEY)
    ac = models.DecimalField(null=True, blank=True, **MONEY)
    spi = models.DecimalField(null=True, blank=True, **RATIO)
    cpi = models.DecimalField(null=True, blank=True, **RATIO)
    spi_t = models.DecimalField(null=True, blank=True, **RATIO)
    eac = models.DecimalField(null=True, blank=True, **MONEY)

    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-week"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["project", "week"], name="statusreport_one_per_week"),
            models.CheckConstraint(
                condition=Q(percent_complete__gte=0) & Q(percent_complete__lte=100),
                name="statusreport_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.week}"

    @property
    def is_editable(self) -> bool:
        return self.state in (ReportState.DRAFT, ReportState.RETURNED)


class StatusReportRevision(models.Model):
    """A frozen copy of a status report's content as it was submitted (all revisions are kept)."""

    report = models.ForeignKey(StatusReport, on_delete=models.PROTECT, related_name="revisions")
    revision = models.PositiveIntegerField()
    state = models.CharField(max_length=16, choices=ReportState.choices)
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "-revision"]
        constraints = [models.UniqueConstraint(fields=["report", "revision"], name="revision_unique")]

    def __str__(self) -> str:
        return f"{self.report} r{self.revision}"
