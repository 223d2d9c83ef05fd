from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import ChoiceLabelsModel
from core.validators import validate_code, validate_currency
from projects.models.choices import Phase, ProjectState, ProjectType, Rag
from projects.querysets import ProjectItemQuerySet, ProjectQuerySet

MONEY = {"max_digits": 15, "decimal_places": 0}
RATIO = {"max_digits": 8, "decimal_places": 4}


class Project(ChoiceLabelsModel):
    """A project of the portfolio.

    The ``snapshot_*`` fields and ``percent_complete``/``spi``/``cpi``/``eac``/``overall_rag`` are a cache of the
    latest EVM and RAG figures, rewritten only by ``services.refresh_project_snapshot`` whenever a status report,
    cost or baseline changes, so that lists can filter and sort on them with one query. ``version`` increases on
    every edit and is what optimistic locking compares.
    """

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    org_unit = models.ForeignKey(
        "projects.OrgUnit", on_delete=models.PROTECT, related_name="projects", verbose_name=_("org unit")
    )
    program = models.ForeignKey(
        "projects.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("program"),
    )
    pm = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_projects", verbose_name=_("PM")
    )
    deputy_pm = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_projects",
        verbose_name=_("deputy PM"),
    )
    sponsor = models.CharField(_("sponsor"), max_length=200, blank=True)
    customer = models.CharField(_("customer"), max_length=200, blank=True)
    project_type = models.CharField(
        _("project type"), max_length=32, choices=ProjectType.choices, default=ProjectType.SYSTEM_DEVELOPMENT
    )
    state = models.CharField(_("state"), max_length=16, choices=ProjectState.choices, default=ProjectState.PROPOSED)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, default=Phase.INITIATION)
    confidential = models.BooleanField(_("confidential"), default=False)
    currency = models.CharField(_("currency"), max_length=3, default="JPY", validators=[validate_currency])
    baseline = models.OneToOneField(
        "projects.Baseline",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current baseline"),
    )
    # Snapshot of the latest figures (see the class docstring).
    percent_complete = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=2, default=0)
    spi = models.DecimalField(_("SPI"), null=True, blank=True, **RATIO)
    cpi = models.DecimalField(_("CPI"), null=True, blank=True, **RATIO)
    eac = models.DecimalField(_("EAC"), null=True, blank=True, **MONEY)
    overall_rag = models.CharField(_("overall RAG"), max_length=8, choices=Rag.choices, blank=True)
    snapshot_schedule_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    snapshot_cost_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    snapshot_quality_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    snapshot_scope_rag = models.CharField(max_length=8, choices=Rag.choices, blank=True)
    last_report_week = models.CharField(_("last report"), max_length=8, blank=True)
    next_milestone_name = models.CharField(max_length=200, blank=True)
    next_milestone_date = models.DateField(null=True, blank=True)
    max_slip_days = models.IntegerField(_("days of slip"), default=0)

    # Archived by the PMO: kept with its whole history, hidden from everyday lists. Projects are never deleted.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["state", "phase"]), models.Index(fields=["overall_rag"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:detail", kwargs={"code": self.code})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def bac(self):
        return self.baseline.bac if self.baseline_id else None


class Baseline(models.Model):
    """One QCD baseline of a project. Re-baselining adds a new row; earlier rows are never changed."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="baselines")
    number = models.PositiveIntegerField(_("number"))
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    bac = models.DecimalField(_("budget at completion (BAC)"), validators=[MinValueValidator(0)], **MONEY)
    defect_density_target = models.DecimalField(
        _("defect density target (per KLOC)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    review_coverage_target = models.DecimalField(
        _("review coverage target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    open_defects_target = models.PositiveIntegerField(_("open defects target"), null=True, blank=True)
    test_pass_rate_target = models.DecimalField(
        _("test pass rate target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    change_request = models.ForeignKey(
        "projects.ChangeRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="baseline_unique_number"),
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")), name="baseline_end_after_start"
            ),
            models.CheckConstraint(condition=Q(bac__gte=0), name="baseline_bac_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} #{self.number}"


class ProjectMembership(models.Model):
    """A user's membership of a project, with their role in it (free text: developer, architect…)."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    project_role = models.CharField(_("project role"), max_length=100, blank=True)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "user__username"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="membership_unique")]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.user} @ {self.project.code}"
