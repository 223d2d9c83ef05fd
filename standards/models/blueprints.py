"""Blueprints (project templates): what a new project of a type starts with.

A blueprint holds default milestones (offset in days from the start, weight, phase-gate flag), the checklists to run
(at a phase, due at that phase's gate milestone, or weekly while the project is active), standard risks pre-filled
into the register and recommended documents. Instantiating copies all of it into a new project: later changes to the
blueprint never change projects already created from it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_code
from projects.models import Phase, ProjectType, RiskResponse
from standards.models.choices import Schedule, StandardStatus
from standards.querysets import StandardQuerySet


class Blueprint(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=200)
    project_type = models.CharField(
        _("project type"), max_length=32, choices=ProjectType.choices, default=ProjectType.SYSTEM_DEVELOPMENT
    )
    description = models.TextField(_("description (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=StandardStatus.choices, default=StandardStatus.DRAFT)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ja")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("blueprint")
        verbose_name_plural = _("blueprints")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:blueprint", kwargs={"pk": self.pk})


class BlueprintMilestone(models.Model):
    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("name"), max_length=200)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    offset_days = models.PositiveIntegerField(_("days from start"), validators=[MaxValueValidator(3650)])
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    is_phase_gate = models.BooleanField(_("phase gate"), default=False)

    class Meta:
        ordering = ["blueprint", "offset_days", "id"]
        verbose_name = _("blueprint milestone")
        verbose_name_plural = _("blueprint milestones")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0), name="bpmilestone_weight_non_negative"),
            models.UniqueConstraint(
                fields=["blueprint", "phase"], condition=Q(is_phase_gate=True), name="bpmilestone_one_gate_per_phase"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BlueprintChecklist(models.Model):
    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="checklists")
    checklist = models.ForeignKey(
        "standards.Checklist", on_delete=models.PROTECT, related_name="blueprint_uses", verbose_name=_("checklist")
    )
    schedule = models.CharField(_("when"), max_length=8, choices=Schedule.choices, default=Schedule.PHASE)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["blueprint", "id"]
        verbose_name = _("blueprint checklist")
        verbose_name_plural = _("blueprint checklists")
        constraints = [
            models.CheckConstraint(
                condition=(Q(schedule="phase") & ~Q(phase="")) | (Q(schedule="weekly") & Q(phase="")),
                name="bpchecklist_phase_matches_schedule",
            ),
            models.UniqueConstraint(fields=["blueprint", "checklist", "schedule", "phase"], name="bpchecklist_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.checklist_id} {self.schedule} {self.phase}"


class BlueprintRisk(models.Model):
    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(_("title"), max_length=200)
    cause = models.TextField(_("cause"), blank=True)
    effect = models.TextField(_("effect"), blank=True)
    probability = models.PositiveSmallIntegerField(
        _("probability"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    response = models.CharField(_("response"), max_length=16, choices=RiskResponse.choices, default="mitigate")
    mitigation = models.TextField(_("mitigation plan"), blank=True)

    class Meta:
        ordering = ["blueprint", "id"]
        verbose_name = _("standard risk")
        verbose_name_plural = _("standard risks")

    def __str__(self) -> str:
        return self.title


class BlueprintDocument(models.Model):
    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "standards.StandardDocument",
        on_delete=models.PROTECT,
        related_name="blueprint_uses",
        verbose_name=_("document"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["blueprint", "id"]
        verbose_name = _("recommended document")
        verbose_name_plural = _("recommended documents")
        constraints = [models.UniqueConstraint(fields=["blueprint", "document"], name="bpdocument_unique")]

    def __str__(self) -> str:
        return str(self.document_id)
