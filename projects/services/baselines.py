"""Re-baselining: a new baseline becomes current; every earlier one stays as it was (SPEC.md, "Baseline").

``rebaseline`` is the one place that writes a baseline. It is the PMO's: a PM proposes a re-baseline
(``projects.services.baseline_proposals``) and the PMO's approval calls this.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import NotAllowed, Rules
from core.locking import check_version, lock
from core.unset import UNSET
from projects import permissions
from projects.models import Baseline, ChangeRequest, ChangeStatus, Project
from projects.services.metrics import refresh_project_snapshot
from projects.services.projects import BASELINE_FIELDS, TARGET_FIELDS, baseline_rules, model_rules


def rebaseline_rules(
    rules: Rules,
    *,
    project: Project,
    planned_start: dt.date,
    planned_end: dt.date,
    bac: Decimal,
    reason: str,
    change_request: ChangeRequest | None,
) -> None:
    """A re-baseline's rules (its proposal's too): a reason, sound dates and BAC, and a cited change request that is
    an approved one of this project (one of another project answers like a missing one)."""
    rules.check(bool((reason or "").strip()), "reason", _("Say why the baseline changes."))
    baseline_rules(rules, planned_start=planned_start, planned_end=planned_end, bac=bac)
    if change_request is not None:
        cr = ChangeRequest.objects.filter(pk=change_request.pk, project=project).first()
        if cr is None:
            rules.add("change_request", _("There is no such change request in this project."))
        elif cr.status != ChangeStatus.APPROVED:
            rules.add("change_request", _("Only an approved change request can justify a re-baseline."))


@transaction.atomic
def rebaseline(
    *,
    actor,
    project: Project,
    expected_version: int | None,
    planned_start: dt.date,
    planned_end: dt.date,
    bac: Decimal,
    reason: str,
    change_request: ChangeRequest | None = None,
    defect_density_target: Decimal | None = UNSET,
    review_coverage_target: Decimal | None = UNSET,
    open_defects_target: int | None = UNSET,
    test_pass_rate_target: Decimal | None = UNSET,
) -> Baseline:
    """Add a new baseline and make it current; every earlier baseline stays as it was.

    The PMO's (directly, or by approving a proposal). Quality targets not passed are carried over from the current
    baseline. A cited change request must be an approved one of this project; one of another project answers like a
    missing one.
    """
    current = lock(project)
    if not permissions.can_decide_rebaseline(actor, current):
        raise NotAllowed(_("A re-baseline is the PMO's decision: propose it instead."))
    check_version(current, expected_version)
    rules = Rules()
    rebaseline_rules(
        rules,
        project=current,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        reason=reason,
        change_request=change_request,
    )
    rules.raise_if_any()
    previous = current.baseline
    number = (
        Baseline.objects.filter(project=current).order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    passed_targets = {
        "defect_density_target": defect_density_target,
        "review_coverage_target": review_coverage_target,
        "open_defects_target": open_defects_target,
        "test_pass_rate_target": test_pass_rate_target,
    }
    targets = {f: getattr(previous, f) if previous else None for f in TARGET_FIELDS}
    targets.update({k: v for k, v in passed_targets.items() if v is not UNSET})
    new = Baseline(
        project=current,
        number=number,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        reason=reason.strip(),
        change_request=change_request,
        created_by=actor,
        **targets,
    )
    model_rules(rules, new, constraints=False)
    rules.raise_if_any()
    new.save()
    before = audit.snapshot(previous, BASELINE_FIELDS) if previous else {}
    after = audit.snapshot(new, BASELINE_FIELDS)
    project.baseline = new
    project.version = current.version + 1
    project.updated_by = actor
    project.save(update_fields=["baseline", "version", "updated_by", "updated_at"])
    audit.record(
        project=project, actor=actor, action="rebaseline", obj=new, changes=audit.diff(before, after), comment=reason
    )
    refresh_project_snapshot(project=project)
    return new
