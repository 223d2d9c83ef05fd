"""Phase-gate reviews. A phase-gate milestone opens a review; its checklist run must be complete; then an approver
(executives, and the PMO when ``settings.PMO_GATE_APPROVERS`` says so) approves, approves with conditions or rejects
with a reason. Approval moves the project's phase on through ``projects.services.projects.advance_phase``; the
change guard (``phase_guard``) refuses any other phase change past a gate that is not approved.

Conditions become the project's action items (``projects.services.items.create_gate_condition_item``), one per
line, owned by the project's PM and due on the date the approver gives; they are also kept as text on the review.
The phase moves on through ``projects.services.projects.advance_phase``. Both are projects' narrow services for
what a gate decision may do (``projects.permissions.can_advance_phase``: the PMO or an executive), so every entry
in the project's history names the approver who decided, never the PM in their place.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, RuleError, Rules
from core.locking import check_version, lock
from projects import permissions as project_permissions
from projects.models import Milestone, Phase
from projects.services.items import create_gate_condition_item
from projects.services.projects import advance_phase
from standards import permissions
from standards.models import ChecklistRun, GateReview, GateState, RunState

#: The one table of allowed decisions: the service refuses others, the page shows buttons from it.
TRANSITIONS: dict[str, frozenset[str]] = {
    GateState.PENDING: frozenset({GateState.APPROVED, GateState.CONDITIONAL, GateState.REJECTED}),
    GateState.REJECTED: frozenset({GateState.PENDING}),
    GateState.APPROVED: frozenset(),
    GateState.CONDITIONAL: frozenset(),
}
APPROVED_STATES = (GateState.APPROVED, GateState.CONDITIONAL)
PHASES: list[str] = list(Phase.values)
GATE_NOT_APPROVED = gettext_lazy(
    "The phase gate of %(phase)s is not approved yet: the phase moves on only after its gate review is approved."
)


def next_phase(phase: str) -> str:
    index = PHASES.index(phase) if phase in PHASES else -1
    return PHASES[index + 1] if 0 <= index < len(PHASES) - 1 else ""


def phase_guard(*, actor, project, changes, rules: Rules) -> None:
    """Registered with projects.extensions: refuse moving the phase forward past a gate that is not approved."""
    new = changes.get("phase")
    if not new or new not in PHASES or project.phase not in PHASES:
        return
    old_index, new_index = PHASES.index(project.phase), PHASES.index(new)
    if new_index <= old_index:
        return
    passed = PHASES[old_index:new_index]
    blocking = (
        GateReview.objects.filter(project_id=project.pk, phase__in=passed)
        .exclude(state__in=APPROVED_STATES)
        .order_by("milestone__baseline_date")
        .first()
    )
    if blocking is not None:
        rules.add("phase", GATE_NOT_APPROVED % {"phase": Phase(blocking.phase).label})


@transaction.atomic
def open_gate_review(*, actor, milestone: Milestone, run: ChecklistRun | None = None) -> GateReview:
    """Open the review of a phase-gate milestone (once per milestone)."""
    project = milestone.project
    if not project_permissions.can_manage_project(actor, project):
        raise NotAllowed()
    rules = Rules()
    rules.check(milestone.is_phase_gate, "milestone", _("Only a phase-gate milestone has a gate review."))
    rules.check(milestone.phase in PHASES, "milestone", _("Give the milestone the phase it closes."))
    if GateReview.objects.filter(milestone=milestone).exists():
        rules.add("milestone", _("This milestone already has a gate review."))
    if run is not None and run.project_id != project.pk:
        rules.add("run", _("There is no such checklist run in this project."))
    rules.raise_if_any()
    review = GateReview.objects.create(
        project=project, milestone=milestone, run=run, phase=milestone.phase, next_phase=next_phase(milestone.phase)
    )
    audit.record(project=project, actor=actor, action="create", obj=review,
                 changes={"phase": [None, review.phase], "next_phase": [None, review.next_phase]})  # fmt: skip
    return review


def _condition_lines(conditions: str) -> list[str]:
    return [line.strip(" -*・\t")[:200] for line in (conditions or "").splitlines() if line.strip(" -*・\t")]


@transaction.atomic
def decide_gate(*, actor, review: GateReview, decision: str, expected_version: int | None, reason: str = "",
                conditions: str = "", conditions_due: dt.date | None = None) -> GateReview:  # fmt: skip
    """Approve, approve with conditions (one action item per line) or reject (with a reason)."""
    if not permissions.can_decide_gate(actor, review):
        raise NotAllowed(_("Only an approver of phase gates can decide this review."))
    current = lock(review)
    project = lock(review.project)
    if decision not in (GateState.APPROVED, GateState.CONDITIONAL, GateState.REJECTED):
        raise RuleError(_("Approve, approve with conditions or reject."), field="decision")
    if decision not in TRANSITIONS[current.state]:
        raise InvalidTransition(_("This gate review has already been decided."))
    check_version(current, expected_version)
    rules = Rules()
    if current.run_id is not None:
        run_state = ChecklistRun.objects.filter(pk=current.run_id).values_list("state", flat=True).first()
        rules.check(run_state == RunState.COMPLETED, "run",
                    _("The gate's checklist run must be completed before the gate is decided."))  # fmt: skip
    lines = _condition_lines(conditions)
    if decision == GateState.REJECTED:
        rules.check(bool((reason or "").strip()), "reason", _("Give the reason for rejecting this gate."))
    if decision == GateState.CONDITIONAL:
        rules.check(bool(lines), "conditions", _("Write the conditions, one per line."))
        if conditions_due is not None and conditions_due < timezone.localdate():
            rules.add("conditions_due", _("The due date of the conditions cannot be in the past."))
    rules.raise_if_any()
    values = {
        "state": decision,
        "reason": (reason or "").strip(),
        "conditions": "\n".join(lines),
        "decided_at": timezone.now(),
        "decided_by": actor,
    }
    changes = {"state": [current.state, decision]}
    for name, value in values.items():
        setattr(review, name, value)
    review.version = current.version + 1
    review.save(update_fields=[*values, "version"])
    audit.record(project=project, actor=actor, action=f"gate_{decision}", obj=review, changes=changes,
                 comment=values["reason"] or values["conditions"])  # fmt: skip
    if decision == GateState.CONDITIONAL:
        for line in lines:
            create_gate_condition_item(actor=actor, project=project, title=line, owner=project.pm,
                                       due_date=conditions_due)  # fmt: skip
    if decision in APPROVED_STATES and review.next_phase and project.phase == review.phase:
        note = _("Phase gate of %(phase)s approved") % {"phase": Phase(review.phase).label}
        advance_phase(actor=actor, project=project, expected_version=project.version, phase=review.next_phase,
                      reason=note)  # fmt: skip
    return review


@transaction.atomic
def reopen_gate(*, actor, review: GateReview, expected_version: int | None, comment: str = "") -> GateReview:
    """After a rejection, the project's managers ask for a decision again."""
    if not permissions.can_reopen_gate(actor, review):
        raise NotAllowed()
    current = lock(review)
    if GateState.PENDING not in TRANSITIONS[current.state]:
        raise InvalidTransition(_("Only a rejected gate review can be submitted again."))
    check_version(current, expected_version)
    review.state, review.decided_at, review.decided_by = GateState.PENDING, None, None
    review.version = current.version + 1
    review.save(update_fields=["state", "decided_at", "decided_by", "version"])
    audit.record(project=review.project_id, actor=actor, action="gate_reopen", obj=review,
                 changes={"state": [current.state, GateState.PENDING]}, comment=comment)  # fmt: skip
    return review
