"""What a project does with the standards: its checklist plan, its recommended documents, its checklist runs (with
answers) and its phase-gate reviews.

A run is due (``state="due"``) until someone starts it: starting pins the checklist version that is current then
(``checklist_version``), and later versions never change it. A completed run is read-only and keeps who completed
it and when. Required runs make compliance: completed required runs ÷ required runs due by today.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models import Phase
from standards.models.choices import Answer, GateState, RunState, Schedule
from standards.querysets import ProjectRecordQuerySet


class ProjectChecklistPlan(models.Model):
    """A checklist the project runs (copied from its blueprint): at a phase, or every week while active."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="checklist_plans")
    checklist = models.ForeignKey("standards.Checklist", on_delete=models.PROTECT, related_name="project_plans")
    schedule = models.CharField(_("when"), max_length=8, choices=Schedule.choices)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, blank=True)
    required = models.BooleanField(_("required"), default=True)
    blueprint = models.ForeignKey(
        "standards.Blueprint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["project", "schedule", "phase", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "checklist", "schedule", "phase"], name="clplan_unique")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.checklist_id} {self.schedule}"


class ProjectDocumentLink(models.Model):
    """A document recommended to a project (by its blueprint)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="standard_documents")
    document = models.ForeignKey("standards.StandardDocument", on_delete=models.PROTECT, related_name="project_links")
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "document"], name="doclink_unique")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.document_id}"


class ChecklistRun(models.Model):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="checklist_runs", verbose_name=_("project")
    )
    checklist = models.ForeignKey(
        "standards.Checklist", on_delete=models.PROTECT, related_name="runs", verbose_name=_("checklist")
    )
    checklist_version = models.ForeignKey(
        "standards.ChecklistVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("checklist version"),
    )
    schedule = models.CharField(_("when"), max_length=8, choices=Schedule.choices, default=Schedule.PHASE)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, blank=True)
    week = models.CharField(_("week"), max_length=8, blank=True)
    milestone = models.ForeignKey(
        "projects.Milestone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_runs",
        verbose_name=_("milestone"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    required = models.BooleanField(_("required"), default=True)
    state = models.CharField(_("state"), max_length=16, choices=RunState.choices, default=RunState.DUE)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["project", "due_date", "id"]
        verbose_name = _("checklist run")
        verbose_name_plural = _("checklist runs")
        indexes = [models.Index(fields=["state", "due_date"]), models.Index(fields=["project", "required"])]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "checklist", "week"], condition=~Q(week=""), name="clrun_one_per_week"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["due", "cancelled"]) | Q(checklist_version__isnull=False),
                name="clrun_started_has_version",
            ),
        ]

    def __str__(self) -> str:
        suffix = self.week or self.get_phase_display() or ""
        return f"{self.checklist.title} {suffix}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:run", kwargs={"pk": self.pk})

    @property
    def is_completed(self) -> bool:
        return self.state == RunState.COMPLETED


class ChecklistAnswer(models.Model):
    run = models.ForeignKey(ChecklistRun, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey("standards.ChecklistItem", on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    answered_at = models.DateTimeField(auto_now=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["run", "item__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["run", "item"], name="answer_one_per_item")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.item_id}: {self.answer}"


class GateReview(models.Model):
    """The review of a phase-gate milestone: leaving ``phase`` for ``next_phase`` needs its approval."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="gate_reviews", verbose_name=_("project")
    )
    milestone = models.OneToOneField(
        "projects.Milestone", on_delete=models.PROTECT, related_name="gate_review", verbose_name=_("milestone")
    )
    run = models.ForeignKey(
        ChecklistRun,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gate_reviews",
        verbose_name=_("checklist run"),
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    next_phase = models.CharField(_("next phase"), max_length=16, choices=Phase.choices, blank=True)
    state = models.CharField(_("decision"), max_length=16, choices=GateState.choices, default=GateState.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectRecordQuerySet.as_manager()

    class Meta:
        ordering = ["project", "milestone__baseline_date", "id"]
        verbose_name = _("gate review")
        verbose_name_plural = _("gate reviews")
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.get_phase_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:gate", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.state in (GateState.APPROVED, GateState.CONDITIONAL)
