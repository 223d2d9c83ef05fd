from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models.project import MONEY
from projects.querysets import ProjectItemQuerySet


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting the PMO's decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BaselineProposal(models.Model):
    """A re-baseline proposed by the project's PM (or the PMO) and decided by the PMO.

    Only an approval changes the baseline (``projects.services.baselines.rebaseline`` writes it and the proposal
    points at the new one in ``baseline``) and moves the listed milestones' baseline dates. ``milestone_dates`` is a
    list of ``{"milestone": id, "baseline_date": "YYYY-MM-DD"}``; ``targets`` holds only the quality targets the
    proposal changes (the others are carried over from the current baseline). ``version`` is the optimistic-locking
    counter. States: proposed → approved / rejected (by the PMO) / withdrawn (by its proposer's side).
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="baseline_proposals")
    state = models.CharField(_("state"), max_length=16, choices=ProposalState.choices, default=ProposalState.PROPOSED)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    bac = models.DecimalField(_("budget at completion (BAC)"), validators=[MinValueValidator(0)], **MONEY)
    reason = models.TextField(_("reason"))
    change_request = models.ForeignKey(
        "projects.ChangeRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved change request"),
    )
    milestone_dates = models.JSONField(_("new milestone baseline dates"), default=list, blank=True)
    targets = models.JSONField(_("quality targets"), default=dict, blank=True)
    baseline = models.ForeignKey("projects.Baseline", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-created_at", "-id"]
        verbose_name = _("re-baseline proposal")
        verbose_name_plural = _("re-baseline proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")), name="baselineproposal_end_after_start"
            ),
            models.CheckConstraint(condition=Q(bac__gte=0), name="baselineproposal_bac_non_negative"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(state="proposed"), name="baselineproposal_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.planned_start}–{self.planned_end}"

    @property
    def is_pending(self) -> bool:
        return self.state == ProposalState.PROPOSED
