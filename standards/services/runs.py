"""Checklist runs: created due (by a blueprint, or every week while a project is active), started (pinning the
checklist version current then), answered item by item and completed. Answered by the project's managers.

Rules: a completed run is read-only and completing twice is refused; completion is refused while a required item is
unanswered; an evidence link is http or https; a retired or unpublished checklist cannot be started.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.calendar import working_calendar
from core.exceptions import InvalidTransition, NotAllowed, RuleError, Rules
from core.locking import check_version, lock
from projects.models import Project, ProjectState
from projects.weeks import week_end, week_of
from standards import permissions
from standards.models import (
    Answer,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistRun,
    ProjectChecklistPlan,
    RunState,
    Schedule,
    StandardStatus,
)

ALREADY_COMPLETED = gettext_lazy("This checklist run is already completed: it is read-only.")
EVIDENCE_SCHEMES = ("http://", "https://")


def _require_answer(actor, run: ChecklistRun) -> None:
    if not permissions.can_answer_run(actor, run):
        raise NotAllowed(_("Only the project's PM, deputy PM or the PMO can work on its checklist runs."))


def _locked(run: ChecklistRun) -> ChecklistRun:
    current = lock(run)
    current.project = run.project
    current.checklist = run.checklist
    return current


def _start(actor, run: ChecklistRun, current: ChecklistRun) -> None:
    """Pin the checklist's current version (on the locked row ``current``) and mark the run in progress."""
    checklist = lock(run.checklist)
    if checklist.status != StandardStatus.PUBLISHED or checklist.current_version_id is None:
        raise InvalidTransition(_("This checklist is not published (or is retired): the run cannot start."))
    values = {
        "state": RunState.IN_PROGRESS,
        "checklist_version_id": checklist.current_version_id,
        "started_at": timezone.now(),
        "started_by": actor,
    }
    for name, value in values.items():
        setattr(run, name, value)
        setattr(current, name, value)
    run.version = current.version = current.version + 1
    run.save(update_fields=[*values, "version"])
    audit.record(
        project=run.project_id,
        actor=actor,
        action="start",
        obj=run,
        changes={"checklist_version": [None, checklist.current_version_id]},
    )


@transaction.atomic
def start_run(*, actor, run: ChecklistRun, expected_version: int | None = None) -> ChecklistRun:
    _require_answer(actor, run)
    current = _locked(run)
    if current.state == RunState.COMPLETED:
        raise InvalidTransition(ALREADY_COMPLETED)
    if current.state != RunState.DUE:
        raise InvalidTransition(_("This checklist run has already started."))
    if expected_version is not None:
        check_version(current, expected_version)
    _start(actor, run, current)
    return run


@transaction.atomic
def answer_item(*, actor, run: ChecklistRun, item: ChecklistItem, answer: str, note: str = "",
                evidence_url: str = "") -> ChecklistAnswer:  # fmt: skip
    """Record (or change) the answer to one item; starts the run if it has not started."""
    _require_answer(actor, run)
    current = _locked(run)
    if current.state == RunState.COMPLETED:
        raise InvalidTransition(ALREADY_COMPLETED)
    if current.state == RunState.CANCELLED:
        raise InvalidTransition(_("This checklist run was cancelled."))
    if current.state == RunState.DUE:
        _start(actor, run, current)
    rules = Rules()
    if getattr(item, "checklist_version_id", None) != current.checklist_version_id:
        rules.add("item", _("This item is not part of the checklist version of this run."))
    if answer not in Answer.values:
        rules.add("answer", _("Answer done, not applicable or not done."))
    url = (evidence_url or "").strip()
    if url and not url.lower().startswith(EVIDENCE_SCHEMES):
        rules.add("evidence_url", _("Give an evidence link starting with http:// or https://."))
    elif len(url) > 500:
        rules.add("evidence_url", _("The link is too long (500 characters at most)."))
    if len(note or "") > 1000:
        rules.add("note", _("The note is too long (1000 characters at most)."))
    if url and not rules.has("evidence_url"):
        from django.core.exceptions import ValidationError
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            rules.add("evidence_url", _("Give an evidence link starting with http:// or https://."))
    rules.raise_if_any()
    existing = ChecklistAnswer.objects.select_for_update().filter(run=run, item=item).first()
    values = {"answer": answer, "note": note or "", "evidence_url": url}
    if existing is None:
        record = ChecklistAnswer.objects.create(run=run, item=item, answered_by=actor, **values)
        changes = {k: [None, v] for k, v in values.items() if v}
    else:
        changes = {k: [getattr(existing, k), v] for k, v in values.items() if getattr(existing, k) != v}
        for key, value in values.items():
            setattr(existing, key, value)
        existing.answered_by = actor
        existing.version += 1
        existing.save()
        record = existing
    if changes:
        audit.record(project=run.project_id, actor=actor, action="answer", obj=run, changes=changes,
                     comment=item.text[:200])  # fmt: skip
    return record


def missing_required(run: ChecklistRun) -> list[ChecklistItem]:
    version_id = run.checklist_version_id or run.checklist.current_version_id
    return list(
        ChecklistItem.objects.filter(checklist_version_id=version_id, required=True)
        .exclude(answers__run=run)
        .order_by("position")
    )


@transaction.atomic
def complete_run(*, actor, run: ChecklistRun, expected_version: int | None) -> ChecklistRun:
    """Complete the run: refused while a required item is unanswered, and refused twice."""
    _require_answer(actor, run)
    current = _locked(run)
    if current.state == RunState.COMPLETED:
        raise InvalidTransition(ALREADY_COMPLETED)
    if current.state == RunState.CANCELLED:
        raise InvalidTransition(_("This checklist run was cancelled."))
    check_version(current, expected_version)
    if current.state == RunState.DUE:
        _start(actor, run, current)
    missing = missing_required(current)
    if missing:
        raise RuleError(
            _("Answer every required item before completing: %(count)d unanswered (%(first)s).")
            % {"count": len(missing), "first": missing[0].text[:80]},
            field="answers",
        )
    now = timezone.now()
    run.state, run.completed_at, run.completed_by = RunState.COMPLETED, now, actor
    run.version = current.version + 1
    run.save(update_fields=["state", "completed_at", "completed_by", "version"])
    audit.record(project=run.project_id, actor=actor, action="complete", obj=run,
                 changes={"state": [current.state, RunState.COMPLETED]})  # fmt: skip
    return run


def create_due_run(*, actor, project: Project, checklist, schedule: str, required: bool, phase: str = "",
                   week: str = "", milestone=None, due_date: dt.date | None = None) -> ChecklistRun:  # fmt: skip
    """A due run (inside the caller's transaction); the caller has checked permissions."""
    run = ChecklistRun.objects.create(project=project, checklist=checklist, schedule=schedule, phase=phase, week=week,
                                      milestone=milestone, due_date=due_date, required=required)  # fmt: skip
    audit.record(project=project, actor=actor, action="create", obj=run,
                 changes={"checklist": [None, checklist.code], "due_date": [None, due_date and due_date.isoformat()]})  # fmt: skip
    return run


def weekly_due_date(week: str) -> dt.date:
    """The week's Friday, or the working day before it when it is a holiday."""
    return working_calendar().previous_working_day(week_end(week))


def ensure_weekly_runs(*, today: dt.date | None = None, project: Project | None = None) -> int:
    """Create this week's run of every weekly checklist plan of every active project (idempotent). Returns how many
    were created. Called by the daily task and when a project is created from a blueprint."""
    today = today or timezone.localdate()
    week = week_of(today)
    plans = ProjectChecklistPlan.objects.filter(
        schedule=Schedule.WEEKLY,
        project__state=ProjectState.ACTIVE,
        project__archived_at__isnull=True,
        checklist__status=StandardStatus.PUBLISHED,
    ).select_related("project", "checklist")
    if project is not None:
        plans = plans.filter(project=project)
    created = 0
    for plan in plans:
        try:
            with transaction.atomic():
                if ChecklistRun.objects.filter(project=plan.project, checklist=plan.checklist, week=week).exists():
                    continue
                create_due_run(actor=None, project=plan.project, checklist=plan.checklist, schedule=Schedule.WEEKLY,
                               required=plan.required, week=week, due_date=weekly_due_date(week))  # fmt: skip
                created += 1
        except IntegrityError:  # another worker created it first (one run per project, checklist and week)
            continue
    return created


@transaction.atomic
def add_checklist_plan(*, actor, project: Project, checklist, schedule: str, phase: str = "",
                       required: bool = True, today: dt.date | None = None) -> ProjectChecklistPlan:  # fmt: skip
    """Make a project run a checklist (a project not created from a blueprint, or one more checklist): at a phase
    (a due run at that phase's gate milestone, whose gate review opens) or weekly (this week's run now)."""
    from projects import permissions as project_permissions
    from projects.models import Milestone, Phase
    from standards.models import GateReview
    from standards.services.gates import open_gate_review

    if not project_permissions.can_manage_project(actor, project):
        raise NotAllowed()
    current = lock(project)  # one plan at a time per project: the duplicate check below reads a stable state
    if not project_permissions.can_manage_project(actor, current):
        raise NotAllowed()
    rules = Rules()
    phase = "" if schedule == Schedule.WEEKLY else (phase or "")
    if schedule not in Schedule.values:
        rules.add("schedule", _("Choose when the checklist runs."))
    if schedule == Schedule.PHASE and phase not in Phase.values:
        rules.add("phase", _("Choose the phase at which this checklist runs."))
    if current.state in (ProjectState.CLOSED, ProjectState.CANCELLED):
        rules.add(None, _("A closed or cancelled project runs no more checklists."))
    if checklist.status != StandardStatus.PUBLISHED or checklist.current_version_id is None:
        rules.add("checklist", _("Choose a published checklist."))
    if ProjectChecklistPlan.objects.filter(
        project=project, checklist=checklist, schedule=schedule, phase=phase
    ).exists():
        rules.add("checklist", _("This checklist is already planned at this point."))
    rules.raise_if_any()
    plan = ProjectChecklistPlan.objects.create(project=project, checklist=checklist, schedule=schedule, phase=phase,
                                               required=required)  # fmt: skip
    audit.record(project=project, actor=actor, action="create", obj=plan,
                 changes={"checklist": [None, checklist.code], "schedule": [None, schedule], "phase": [None, phase]})  # fmt: skip
    if schedule == Schedule.WEEKLY:
        ensure_weekly_runs(today=today, project=project)
        return plan
    gate = Milestone.objects.filter(project=project, phase=phase, is_phase_gate=True).order_by("baseline_date").first()
    run = create_due_run(actor=actor, project=project, checklist=checklist, schedule=Schedule.PHASE, required=required,
                         phase=phase, milestone=gate, due_date=gate.current_date if gate else None)  # fmt: skip
    if gate is not None and required:
        review = GateReview.objects.filter(milestone=gate).first()
        if review is None:
            open_gate_review(actor=actor, milestone=gate, run=run)
        elif review.run_id is None:
            review.run = run
            review.save(update_fields=["run"])
    return plan
