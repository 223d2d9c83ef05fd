from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabelsModel
from projects.models.choices import Phase
from projects.models.project import MONEY
from projects.querysets import ProjectItemQuerySet


class Milestone(ChoiceLabelsModel):
    """A dated milestone. Slip = (actual or forecast) − baseline, in calendar days."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="milestones")
    name = models.CharField(_("name"), max_length=200)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, blank=True)
    baseline_date = models.DateField(_("baseline date"))
    forecast_date = models.DateField(_("forecast date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    is_phase_gate = models.BooleanField(_("phase gate"), default=False)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "baseline_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.CheckConstraint(condition=Q(weight__gte=0), name="milestone_weight_non_negative")]

    def __str__(self) -> str:
        return self.name

    @property
    def current_date(self):
        return self.actual_date or self.forecast_date or self.baseline_date

    @property
    def slip_days(self) -> int:
        return (self.current_date - self.baseline_date).days


class CostPlan(models.Model):
    """Planned cost of one month (the first day of the month stands for it); gives PV over time."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="cost_plans")
    month = models.DateField(_("month"))
    planned_cost = models.DecimalField(_("planned cost"), validators=[MinValueValidator(0)], **MONEY)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="costplan_unique_month"),
            models.CheckConstraint(condition=Q(planned_cost__gte=0), name="costplan_amount_non_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="costplan_month_first_day"),
        ]
        verbose_name = _("cost plan")
        verbose_name_plural = _("cost plans")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.planned_cost}"


class CostActual(models.Model):
    """Actual cost of one month (AC)."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="cost_actuals")
    month = models.DateField(_("month"))
    actual_cost = models.DecimalField(_("actual cost"), validators=[MinValueValidator(0)], **MONEY)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "month"]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="costactual_unique_month"),
            models.CheckConstraint(condition=Q(actual_cost__gte=0), name="costactual_amount_non_negative"),
            models.CheckConstraint(condition=Q(month__day=1), name="costactual_month_first_day"),
        ]
        verbose_name = _("cost actual")
        verbose_name_plural = _("cost actuals")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.actual_cost}"


class QualityRecord(models.Model):
    """Quality measures of one ISO week."""

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="quality_records")
    week = models.CharField(_("week"), max_length=8)
    defects_found = models.PositiveIntegerField(_("defects found"), default=0)
    defects_fixed = models.PositiveIntegerField(_("defects fixed"), default=0)
    defects_open = models.PositiveIntegerField(_("open defects"), default=0)
    tests_planned = models.PositiveIntegerField(_("tests planned"), default=0)
    tests_run = models.PositiveIntegerField(_("tests run"), default=0)
    tests_passed = models.PositiveIntegerField(_("tests passed"), default=0)
    review_findings = models.PositiveIntegerField(_("review findings"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "week"]
        constraints = [
            models.UniqueConstraint(fields=["project", "week"], name="quality_unique_week"),
            models.CheckConstraint(condition=Q(tests_passed__lte=F("tests_run")), name="quality_passed_within_run"),
        ]
        verbose_name = _("quality record")
        verbose_name_plural = _("quality records")

    def __str__(self) -> str:
        return self.week

    @property
    def test_pass_rate(self):
        from decimal import Decimal

        if not self.tests_run:
            return None
        return (Decimal(self.tests_passed) * 100 / Decimal(self.tests_run)).quantize(Decimal("0.01"))
