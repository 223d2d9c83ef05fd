"""Governed re-baselines: a PM proposes, the PMO approves or rejects; only an approval changes the baseline.

A proposal holds the new dates, BAC, reason, the approved change request that justifies it, optionally new baseline
dates for some milestones and the quality targets it changes. The PMO's approval calls
``projects.services.baselines.rebaseline`` (the one place that writes a baseline), moves the listed milestones'
baseline dates, re-evaluates the project's editable (draft or returned) reports and refreshes the snapshot, all in
one transaction. Submitted and reviewed reports keep the figures they were judged on. One proposal per project
awaits a decision at a time. States: proposed → approved / rejected (PMO) / withdrawn (the project's managers).

``rebaseline_at_once`` is the PMO's own re-baseline (the page's form and ``POST /projects/{id}/rebaseline/`` for
the PMO): applied at once, milestone dates included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, RuleError, Rules
from core.locking import apply_update, check_version, lock
from projects import permissions
from projects.evaluation import COMPUTED_FIELDS, apply_evaluation
from projects.models import (
    Baseline,
    BaselineProposal,
    ChangeRequest,
    Milestone,
    Project,
    ProposalState,
    ReportState,
    StatusReport,
)
from projects.services.baselines import rebaseline, rebaseline_rules
from projects.services.items import update_milestone
from projects.services.metrics import refresh_project_snapshot
from projects.services.projects import TARGET_FIELDS, model_rules

__all__ = ["decide_rebaseline", "propose_rebaseline", "rebaseline_at_once", "withdraw_rebaseline"]

#: The fields of a proposal shown in its audit entries.
PROPOSAL_FIELDS = ["planned_start", "planned_end", "bac", "reason", "change_request", "milestone_dates", "targets"]

#: A baseline's fields other than the quality targets (checked by ``rebaseline_rules``, or not the proposal's).
_BASELINE_OWN = ["project", "number", "planned_start", "planned_end", "bac", "reason", "change_request", "created_by"]

MilestoneDates = Sequence[tuple[Milestone, dt.date]]


def _milestone_rules(rules: Rules, project: Project, milestone_dates: MilestoneDates) -> list[dict[str, Any]]:
    """The milestones must be this project's, each named once; returns the JSON stored on the proposal."""
    seen: set[int] = set()
    out = []
    own = set(Milestone.objects.filter(project=project).values_list("pk", flat=True))
    for milestone, date in milestone_dates:
        if milestone.pk not in own:
            rules.add("milestone_dates", _("There is no such milestone in this project."))
        elif milestone.pk in seen:
            rules.add("milestone_dates", _("Give each milestone's new baseline date once."))
        elif not isinstance(date, dt.date):
            rules.add("milestone_dates", _("Enter a valid date."))
        else:
            seen.add(milestone.pk)
            out.append({"milestone": milestone.pk, "baseline_date": date.isoformat()})
    return out


def _given_targets(targets: dict[str, Any] | None) -> dict[str, Any]:
    """The quality targets a re-baseline sets: a target left blank (``None`` or ``""``) or not given keeps the
    current baseline's value, on the page and through the API alike."""
    return {k: v for k, v in (targets or {}).items() if k in TARGET_FIELDS and v is not None and v != ""}


def _targets_json(targets: dict[str, Any] | None, current: Baseline | None = None) -> dict[str, Any]:
    """The targets the proposal changes, as stored: given, and different from the current baseline's."""
    out = {}
    for name, value in _given_targets(targets).items():
        text = str(value)
        if current is not None:
            now = getattr(current, name)
            try:
                if now is not None and Decimal(text) == Decimal(now):
                    continue
            except ArithmeticError:
                pass  # not a number: stored as given, refused by the rules below
        out[name] = text
    return out


def _targets_from_json(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in data.items():
        if value is None:
            out[name] = None
        elif name == "open_defects_target":
            number = Decimal(value)
            if number != number.to_integral_value():
                raise ValueError(value)
            out[name] = int(number)
        else:
            out[name] = Decimal(value)
    return out


def _move_milestones(*, actor, project: Project, entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        milestone = Milestone.objects.filter(pk=entry["milestone"], project=project).first()
        if milestone is None:  # deleted since the proposal: nothing to move
            continue
        update_milestone(
            actor=actor,
            milestone=milestone,
            expected_version=lock(milestone).version,
            baseline_date=dt.date.fromisoformat(entry["baseline_date"]),
        )


def _reevaluate_editable_reports(project: Project) -> None:
    """Draft and returned reports follow the new baseline at once (they are not frozen yet)."""
    for report in StatusReport.objects.filter(project=project, state__in=[ReportState.DRAFT, ReportState.RETURNED]):
        report.project = project
        apply_evaluation(report)
        report.save(update_fields=[*COMPUTED_FIELDS, "updated_at"])


def _apply(
    *,
    actor,
    project: Project,
    expected_version: int | None,
    planned_start: dt.date,
    planned_end: dt.date,
    bac: Decimal,
    reason: str,
    change_request: ChangeRequest | None,
    milestone_entries: list[dict[str, Any]],
    targets: dict[str, Any],
):
    _move_milestones(actor=actor, project=project, entries=milestone_entries)
    project.refresh_from_db()
    if expected_version is None:
        expected_version = project.version
    baseline = rebaseline(
        actor=actor,
        project=project,
        expected_version=expected_version,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        reason=reason,
        change_request=change_request,
        **targets,
    )
    _reevaluate_editable_reports(project)
    refresh_project_snapshot(project=project)
    return baseline


@transaction.atomic
def propose_rebaseline(
    *,
    actor,
    project: Project,
    planned_start: dt.date,
    planned_end: dt.date,
    bac: Decimal,
    reason: str,
    change_request: ChangeRequest | None = None,
    milestone_dates: MilestoneDates = (),
    targets: dict[str, Any] | None = None,
) -> BaselineProposal:
    """A PM (or deputy PM, or the PMO) proposes a re-baseline; the baseline does not change until the PMO approves.

    It cites an approved change request of the project; one proposal per project awaits a decision at a time."""
    current = lock(project)
    if not permissions.can_propose_rebaseline(actor, current):
        raise NotAllowed(_("You may not change this project."))
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
    if change_request is None:
        rules.add("change_request", _("Cite the approved change request that justifies the re-baseline."))
    entries = _milestone_rules(rules, current, milestone_dates)
    stored_targets = _targets_json(targets, current.baseline)
    try:
        typed_targets = _targets_from_json(stored_targets)
    except (ArithmeticError, ValueError):
        rules.add(None, _("Quality targets must be numbers."))
        typed_targets = {}
    carried = {name: getattr(current.baseline, name) if current.baseline else None for name in TARGET_FIELDS}
    probe = Baseline(
        project=current,
        number=1,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        **{**carried, **typed_targets},
    )
    model_rules(rules, probe, exclude=[f for f in _BASELINE_OWN if f not in TARGET_FIELDS], constraints=False)
    if BaselineProposal.objects.filter(project=current, state=ProposalState.PROPOSED).exists():
        rules.add(None, _("A re-baseline of this project already awaits the PMO's decision: withdraw it first."))
    rules.raise_if_any()
    proposal = BaselineProposal(
        project=current,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        reason=reason.strip(),
        change_request=change_request,
        milestone_dates=entries,
        targets=stored_targets,
        proposed_by=actor,
        updated_by=actor,
    )
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise RuleError(
            _("A re-baseline of this project already awaits the PMO's decision: withdraw it first."), field=None
        ) from None
    audit.record(
        project=current,
        actor=actor,
        action="proposed",
        obj=proposal,
        changes={k: [None, v] for k, v in audit.snapshot(proposal, PROPOSAL_FIELDS).items() if v not in (None, "")},
        comment=proposal.reason,
    )
    return proposal


def _pending(proposal: BaselineProposal) -> None:
    if proposal.state != ProposalState.PROPOSED:
        raise InvalidTransition(
            _("This proposal no longer awaits a decision (%(state)s).") % {"state": proposal.get_state_display()}
        )


@transaction.atomic
def decide_rebaseline(
    *, actor, proposal: BaselineProposal, approve: bool, comment: str = "", expected_version: int | None
) -> BaselineProposal:
    """The PMO approves (the baseline changes, the milestones move, the figures are recomputed) or rejects (with a
    comment saying why)."""
    current = lock(proposal)
    project = current.project
    if not permissions.can_decide_rebaseline(actor, project):
        raise NotAllowed(_("A re-baseline is the PMO's decision."))
    check_version(current, expected_version)
    _pending(current)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise RuleError(_("Say why the re-baseline is rejected."), field="comment")
    data: dict[str, Any] = {
        "state": ProposalState.APPROVED if approve else ProposalState.REJECTED,
        "decided_by": actor,
        "decided_at": timezone.now(),
        "decision_comment": comment,
    }
    if approve:
        data["baseline"] = _apply(
            actor=actor,
            project=project,
            expected_version=None,
            planned_start=current.planned_start,
            planned_end=current.planned_end,
            bac=current.bac,
            reason=current.reason,
            change_request=current.change_request,
            milestone_entries=current.milestone_dates,
            targets=_targets_from_json(current.targets),
        )
    apply_update(
        obj=proposal,
        actor=actor,
        project=project,
        data=data,
        expected_version=None,
        action=data["state"],
        comment=comment,
        locked=current,
    )
    return proposal


@transaction.atomic
def withdraw_rebaseline(*, actor, proposal: BaselineProposal, expected_version: int | None) -> BaselineProposal:
    """The project's managers withdraw a proposal that still awaits the PMO's decision."""
    current = lock(proposal)
    if not permissions.can_propose_rebaseline(actor, current.project):
        raise NotAllowed(_("You may not change this project."))
    check_version(current, expected_version)
    _pending(current)
    apply_update(
        obj=proposal,
        actor=actor,
        project=current.project,
        data={"state": ProposalState.WITHDRAWN},
        expected_version=None,
        action=ProposalState.WITHDRAWN,
        locked=current,
    )
    return proposal


@transaction.atomic
def rebaseline_at_once(
    *,
    actor,
    project: Project,
    expected_version: int | None,
    planned_start: dt.date,
    planned_end: dt.date,
    bac: Decimal,
    reason: str,
    change_request: ChangeRequest | None = None,
    milestone_dates: MilestoneDates = (),
    targets: dict[str, Any] | None = None,
):
    """The PMO's own re-baseline, applied at once (as an approval would); returns the new baseline."""
    current = lock(project)
    if not permissions.can_decide_rebaseline(actor, current):
        raise NotAllowed(_("A re-baseline is the PMO's decision: propose it instead."))
    check_version(current, expected_version)
    rules = Rules()
    entries = _milestone_rules(rules, current, milestone_dates)
    rules.raise_if_any()
    return _apply(
        actor=actor,
        project=project,
        expected_version=expected_version,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        reason=reason,
        change_request=change_request,
        milestone_entries=entries,
        targets=_given_targets(targets),
    )
