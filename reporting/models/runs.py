from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reporting.models.choices import ReportKind, RunState
from reporting.querysets import ReportRunQuerySet


class ReportRun(models.Model):
    """One build of a report (PDF): requested in the browser or the API, or one audience of a schedule slot.

    Every run is kept (never deleted): state, who asked, when it started and finished, the stored file with its size
    and SHA-256, the error. A weekly status run names its ``project``; a QCD run its ``org_unit`` (none: the whole
    portfolio). ``scope_project_ids`` is the frozen list of projects a QCD run may show (the requester's or the
    audience's visible projects at request time), so a rebuild never widens it. ``audience`` distinguishes the
    builds of one schedule slot (one per language and visible set); with ``schedule`` and ``slot`` it is unique, so
    running a slot twice builds nothing twice.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    org_unit = models.ForeignKey(
        "projects.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("org unit"),
    )
    scope_project_ids = models.JSONField(default=list, blank=True)
    as_of = models.DateField(_("as of"))
    language = models.CharField(_("language"), max_length=8, default="ja")
    state = models.CharField(_("state"), max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    schedule = models.ForeignKey(
        "reporting.ReportSchedule", on_delete=models.PROTECT, null=True, blank=True, related_name="runs"
    )
    slot = models.DateTimeField(_("schedule slot"), null=True, blank=True)
    audience = models.CharField(max_length=64, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The last state change (queued, claimed, retried): how the recovery sweep tells a run whose task was lost
    # (a broker restarted without persistence, a worker gone) from one still on its way.
    state_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    file = models.CharField(_("file"), max_length=300, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "slot", "audience"],
                condition=Q(schedule__isnull=False),
                name="reportrun_once_per_slot_audience",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.WEEKLY_STATUS) | Q(project__isnull=False),
                name="reportrun_weekly_has_project",
            ),
        ]
        indexes = [models.Index(fields=["state", "requested_at"]), models.Index(fields=["state", "state_changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state in (RunState.DONE, RunState.FAILED)

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    def filename(self) -> str:
        stem = self.project.code if self.project_id else (self.org_unit.code if self.org_unit_id else "portfolio")
        return f"{self.kind}-{stem}-{self.as_of:%Y%m%d}-{self.pk}.pdf"
