from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabelsModel
from projects.models.choices import ChangeStatus, EscalationLevel, IssueStatus, Priority, RiskResponse, RiskStatus
from projects.models.project import MONEY
from projects.querysets import ProjectItemQuerySet

OPEN_ISSUE_STATUSES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


class Issue(ChoiceLabelsModel):
    """An issue (課題). Overdue = past its due date and not resolved or closed."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="issues")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_issues",
        verbose_name=_("owner"),
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(_("status"), max_length=16, choices=IssueStatus.choices, default=IssueStatus.OPEN)
    raised_on = models.DateField(_("raised on"), default=timezone.localdate)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    escalation_level = models.CharField(
        _("escalation level"), max_length=16, choices=EscalationLevel.choices, default=EscalationLevel.PROJECT
    )
    source_risk = models.OneToOneField(
        "projects.Risk",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resulting_issue",
        verbose_name=_("source risk"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-raised_on", "-id"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        indexes = [
            # The dashboard's "escalated issues" flag and filter: a few open escalations among years of issues
            # (without it, every dashboard page scanned all issues: 10 ms at 30,000).
            models.Index(
                fields=["project"],
                condition=Q(status__in=["open", "in_progress"], escalation_level__in=["pmo", "executive"]),
                name="issue_open_escalated",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and self.status in OPEN_ISSUE_STATUSES and self.due_date < timezone.localdate())


class Risk(ChoiceLabelsModel):
    """A risk (リスク). score = probability × impact, both 1–5 (a 5 × 5 heat map)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="risks")
    title = models.CharField(_("title"), max_length=200)
    cause = models.TextField(_("cause"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    probability = models.PositiveSmallIntegerField(
        _("probability"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(_("impact"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    score = models.GeneratedField(
        expression=F("probability") * F("impact"), output_field=models.PositiveSmallIntegerField(), db_persist=True
    )
    response = models.CharField(
        _("response"), max_length=16, choices=RiskResponse.choices, default=RiskResponse.MITIGATE
    )
    mitigation_plan = models.TextField(_("mitigation plan"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
        verbose_name=_("owner"),
    )
    trigger = models.CharField(_("trigger"), max_length=300, blank=True)
    next_review_date = models.DateField(_("next review date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-score", "id"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__gte=1, probability__lte=5) & Q(impact__gte=1, impact__lte=5),
                name="risk_probability_impact_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ChangeRequest(ChoiceLabelsModel):
    """A change request or a logged decision: what, why, cost and schedule impact, who decided and when."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="change_requests")
    title = models.CharField(_("what"), max_length=200)
    reason = models.TextField(_("why"), blank=True)
    cost_impact = models.DecimalField(_("cost impact"), default=0, **MONEY)
    schedule_impact_days = models.IntegerField(_("schedule impact (days)"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-created_at"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self) -> str:
        return self.title
