"""Writes on weekly status reports: draft, submit, review (accept / return), reopen, and revisions.

The workflow is one table, ``TRANSITIONS``: the services refuse what it does not allow (reading the state on the
locked row), and the pages ask ``allowed_actions`` which buttons to show. A submission evaluates the figures one
last time (with the baseline in force) and freezes the content and figures in a ``StatusReportRevision``, so every
submitted version is kept; nothing recomputes a submitted or reviewed report. An accepted (reviewed) report is
reopened only by the PMO: the PM may take back a submitted report not yet reviewed; a correction is a new revision
that the PMO reviews again. Reports are never deleted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, RuleError, Rules
from core.locking import apply_update, check_version, lock
from projects import notifications as project_notifications
from projects import permissions, validation, weeks
from projects.domain.evm import EVMResult
from projects.evaluation import (
    COMPUTED_FIELDS,
    Inputs,
    apply_evaluation,
    evaluate_inputs,
    inputs_from_annotations,
    load_inputs,
    with_input_annotations,
)
from projects.models import Project, Rag, ReportState, StatusReport, StatusReportRevision
from projects.services.metrics import refresh_project_snapshot


@dataclass(frozen=True)
class ReportContent:
    """What a PM writes in a weekly report (the ``CONTENT_FIELDS``)."""

    overall_rag: str = ""
    schedule_rag: str = ""
    cost_rag: str = ""
    quality_rag: str = ""
    scope_rag: str = ""
    rag_comment: str = ""
    percent_complete: Decimal | None = None
    actual_cost_to_date: Decimal | None = None
    summary: str = ""
    achievements: str = ""
    next_plan: str = ""
    help_needed: str = ""

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> ReportContent:
        return cls(
            **{k: ("" if v is None and k not in _NULLABLE else v) for k, v in data.items() if k in CONTENT_FIELDS}
        )

    @classmethod
    def of(cls, report: StatusReport) -> ReportContent:
        return cls(**{name: getattr(report, name) for name in CONTENT_FIELDS})


CONTENT_FIELDS = [f.name for f in fields(ReportContent)]
_NULLABLE = {"percent_complete", "actual_cost_to_date"}

#: Who may perform an action: the project's managers (PM, deputy PM, PMO) or the reviewers (PMO).
MANAGE = "manage"
REVIEW = "review"


@dataclass(frozen=True)
class Transition:
    """``who`` may perform the action from any of ``sources``, except from a state named in ``who_from`` (state →
    who)."""

    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (editing)
    who: str
    who_from: dict[str, str] = field(default_factory=dict)

    def who_for(self, state: str) -> str:
        return self.who_from.get(state, self.who)

    @property
    def whos(self) -> set[str]:
        return {self.who_for(state) for state in self.sources}


#: The weekly report's workflow, the one place that says what may happen in which state and by whom.
TRANSITIONS: dict[str, Transition] = {
    "edit": Transition((ReportState.DRAFT, ReportState.RETURNED), None, MANAGE),
    "submit": Transition((ReportState.DRAFT, ReportState.RETURNED), ReportState.SUBMITTED, MANAGE),
    "accept": Transition((ReportState.SUBMITTED,), ReportState.REVIEWED, REVIEW),
    "return": Transition((ReportState.SUBMITTED,), ReportState.RETURNED, REVIEW),
    # The PM takes back a report the PMO has not reviewed yet; an accepted report is reopened by the PMO only.
    "reopen": Transition(
        (ReportState.SUBMITTED, ReportState.REVIEWED), ReportState.DRAFT, MANAGE, {ReportState.REVIEWED: REVIEW}
    ),
}


def _may(user, project: Project, who: str) -> bool:
    if who == REVIEW:
        return permissions.can_review_status(user, project)
    return permissions.can_manage_project(user, project)


def may_perform(user, report: StatusReport, action: str) -> bool:
    """Whether ``user`` is someone who may ever perform ``action`` on ``report`` (in some state)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        return False
    return any(_may(user, report.project, who) for who in transition.whos)


def allowed_actions(user, report: StatusReport) -> set[str]:
    """The workflow actions ``user`` may perform on ``report`` now (for the page's buttons)."""
    return {
        name
        for name, t in TRANSITIONS.items()
        if report.state in t.sources and _may(user, report.project, t.who_for(report.state))
    }


def _check_transition(user, report: StatusReport, action: str) -> Transition:
    """Refuse ``action`` on the locked ``report`` unless the table allows it for this state and user."""
    transition = TRANSITIONS[action]
    if not may_perform(user, report, action):
        raise NotAllowed(_("You may not do this with this report."))
    if report.state in transition.sources and not _may(user, report.project, transition.who_for(report.state)):
        if action == "reopen":
            raise NotAllowed(_("An accepted report is reopened by the PMO only: ask the PMO for a correction."))
        raise NotAllowed(_("You may not do this with this report."))
    if report.state not in transition.sources:
        if action == "edit":
            raise InvalidTransition(_("A submitted report cannot be edited; make a new revision instead."))
        target = ReportState(transition.target).label if transition.target else ""
        raise InvalidTransition(
            _("This report is %(state)s; it cannot be moved to %(target)s.")
            % {"state": report.get_state_display(), "target": target}
        )
    return transition


def initial_for_week(project: Project, week: str) -> dict[str, Any]:
    """Pre-fill a new report from the project's latest earlier report."""
    previous = project.status_reports.filter(week__lt=week).order_by("-week").first()
    if not previous:
        return {"percent_complete": project.percent_complete}
    data = {f: getattr(previous, f) for f in CONTENT_FIELDS}
    data["rag_comment"] = ""
    return data


Evaluation = tuple[EVMResult, dict[str, str]]


def _content_rules(project: Project, week: str, content: ReportContent, *, inputs: Inputs) -> Evaluation:
    """Field formats (through the model) and the override rule: a RAG that differs from the suggestion needs a
    comment. Returns the evaluation of ``content`` (the figures the report is then saved with), so that the
    inputs are read once per write (``inputs``)."""
    rules = Rules()
    probe = StatusReport(project=project, week=week, week_start=weeks.parse_week(week), **asdict(content))
    try:
        probe.clean_fields(exclude=["project", "week", "week_start", *COMPUTED_FIELDS])
    except ValidationError as exc:
        rules.extend(exc)
    for name in ("overall_rag", "schedule_rag", "cost_rag", "quality_rag", "scope_rag"):
        if not getattr(content, name):
            rules.add(name, _("This field is required."))
        elif getattr(content, name) not in Rag.values and not rules.has(name):
            rules.add(name, _("Choose green, amber or red."))
    if content.percent_complete is None:
        rules.add("percent_complete", _("This field is required."))
    evaluation = None
    if not rules.errors:
        evaluation = evaluate_inputs(
            inputs,
            week=week,
            percent_complete=content.percent_complete,
            actual_cost_to_date=content.actual_cost_to_date,
        )
        message = validation.rag_override_error(
            chosen=asdict(content), suggested=evaluation[1], rag_comment=content.rag_comment
        )
        if message:
            rules.add("rag_comment", message)
    rules.raise_if_any()
    return evaluation


def _checked_week(week: str) -> str:
    try:
        return validation.validate_iso_week(week)
    except ValidationError as exc:
        raise RuleError(exc.messages[0], field="week") from None


@transaction.atomic
def create_status_report(*, actor, project: Project, week: str, content: ReportContent) -> StatusReport:
    """A new draft for ``week``: one report per project and week."""
    locked = lock(project)
    if not permissions.can_manage_project(actor, locked):
        raise NotAllowed(_("You may not change this project."))
    week = _checked_week(week)
    if StatusReport.objects.filter(project=locked, week=week).exists():
        raise RuleError(
            _("This project already has a status report for %(week)s.") % {"week": week}, field="week", code="duplicate"
        )
    inputs = load_inputs(locked, week=week)
    evaluation = _content_rules(locked, week, content, inputs=inputs)
    report = StatusReport(
        project=locked,
        week=week,
        week_start=weeks.parse_week(week),
        created_by=actor,
        updated_by=actor,
        **asdict(content),
    )
    apply_evaluation(report, evaluation=evaluation)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise RuleError(
            _("This project already has a status report for %(week)s.") % {"week": week}, field="week", code="duplicate"
        ) from None
    audit.record(
        project=locked,
        actor=actor,
        action="create",
        obj=report,
        changes={k: [None, v] for k, v in audit.snapshot(report, CONTENT_FIELDS).items() if v not in (None, "")},
    )
    refresh_project_snapshot(project=locked, milestones=inputs.milestones)
    return report


@transaction.atomic
def update_status_report(
    *, actor, report: StatusReport, content: ReportContent, expected_version: int | None
) -> StatusReport:
    """Save a draft or returned report. A stale ``expected_version`` raises StaleEdit."""
    current = lock(report)
    _check_transition(actor, current, "edit")
    check_version(current, expected_version)
    inputs = load_inputs(current.project, week=current.week)
    evaluation = _content_rules(current.project, current.week, content, inputs=inputs)
    for name, value in asdict(content).items():
        setattr(report, name, value)
    apply_evaluation(report, evaluation=evaluation)
    data = {**asdict(content), **{f: getattr(report, f) for f in COMPUTED_FIELDS}}
    apply_update(obj=report, actor=actor, project=report.project, data=data, expected_version=None, locked=current)
    refresh_project_snapshot(project=report.project, milestones=inputs.milestones)
    return report


@transaction.atomic
def save_status_report(
    *,
    actor,
    project: Project,
    week: str,
    content: ReportContent,
    expected_version: int | None,
    submit: bool = False,
) -> StatusReport:
    """The report form's one call: create the week's draft (``expected_version`` None) or update it, and submit it
    when asked — all or nothing. A new report whose week was created meanwhile by someone else is refused at
    ``week``."""
    report = StatusReport.objects.filter(project=project, week=week).first()
    if report is None:
        report = create_status_report(actor=actor, project=project, week=week, content=content)
    elif expected_version is None:
        raise RuleError(
            _("This project already has a status report for %(week)s.") % {"week": week}, field="week", code="duplicate"
        )
    else:
        report = update_status_report(actor=actor, report=report, content=content, expected_version=expected_version)
    if submit:
        report = submit_status_report(actor=actor, report=report, expected_version=report.version)
    return report


def _transition(*, actor, report: StatusReport, action: str, expected_version, extra=None, comment=""):
    current = lock(report)
    transition = _check_transition(actor, current, action)
    check_version(current, expected_version)
    data = {"state": transition.target, **(extra or {})}
    apply_update(
        obj=report,
        actor=actor,
        project=report.project,
        data=data,
        expected_version=None,
        action=transition.target,
        comment=comment,
        locked=current,
    )
    refresh_project_snapshot(project=report.project)
    return report


def _lock_for_submit(report: StatusReport) -> StatusReport:
    """The report's row locked, with its project and baseline, the per-week inputs of the evaluation
    (``with_input_annotations``), whether it has revisions, and the latest later submitted report of its project
    (``_later_submitted``: none when this one becomes the latest): one query."""
    done = [ReportState.SUBMITTED, ReportState.REVIEWED]
    later = StatusReport.objects.filter(project=OuterRef("project"), state__in=done, week__gt=OuterRef("week"))
    rows = (
        with_input_annotations(StatusReport._base_manager.select_for_update(of=("self",)))
        .select_related("project__baseline", "submitted_by")  # the history names the previous submitter
        .annotate(
            _has_revisions=Exists(StatusReportRevision.objects.filter(report=OuterRef("pk"))),
            _later_submitted=Subquery(later.order_by("-week").values("pk")[:1]),
        )
    )
    return rows.get(pk=report.pk)


@transaction.atomic
def submit_status_report(*, actor, report: StatusReport, expected_version: int | None) -> StatusReport:
    """Submit a draft or returned report; its content is frozen as a new revision.

    The figures it is judged on are evaluated now (with the baseline in force) and frozen. The inputs are read
    once, mostly in the locking query (``_lock_for_submit``): the whole submission is 12 statements or fewer with
    one PMO reviewer to notify (``tests/projects/test_submit_statements.py``)."""
    current = _lock_for_submit(report)
    _check_transition(actor, current, "submit")
    project = current.project
    inputs = inputs_from_annotations(current, project=project)
    evaluation = _content_rules(project, current.week, ReportContent.of(current), inputs=inputs)
    check_version(current, expected_version)
    number = current.revision + 1 if current._has_revisions else current.revision
    for name in CONTENT_FIELDS:  # judged on the stored content (the same as the caller's at this version)
        setattr(report, name, getattr(current, name))
    report.project = project
    apply_evaluation(report, evaluation=evaluation)
    transition = TRANSITIONS["submit"]
    apply_update(
        obj=report,
        actor=actor,
        project=project,
        data={
            "state": transition.target,
            "submitted_at": timezone.now(),
            "submitted_by": actor,
            "revision": number,
            **{f: getattr(report, f) for f in COMPUTED_FIELDS},
        },
        expected_version=None,
        action=transition.target,
        locked=current,
    )
    refresh_project_snapshot(
        project=project,
        milestones=inputs.milestones,
        latest=report if current._later_submitted is None else None,
    )
    StatusReportRevision.objects.create(
        report=report,
        revision=number,
        state=ReportState.SUBMITTED,
        content=audit.snapshot(report, CONTENT_FIELDS + COMPUTED_FIELDS),
        created_by=actor,
    )
    project_notifications.report_submitted(report)
    return report


@transaction.atomic
def review_status_report(
    *, actor, report: StatusReport, accept: bool, comment: str = "", expected_version: int | None
) -> StatusReport:
    """PMO review: accept (→ reviewed) or return with a comment (→ returned, editable by the PM)."""
    comment = (comment or "").strip()
    # Checked first (for a reviewer) so that the missing comment is what they see.
    if not accept and not comment and permissions.can_review_status(actor, report.project):
        raise RuleError(_("Say what the PM should change: a returned report needs a comment."), field="comment")
    report = _transition(
        actor=actor,
        report=report,
        action="accept" if accept else "return",
        expected_version=expected_version,
        extra={"reviewed_at": timezone.now(), "reviewed_by": actor, "review_comment": comment},
        comment=comment,
    )
    if not accept:
        project_notifications.report_returned(report)
    return report


@transaction.atomic
def reopen_status_report(*, actor, report: StatusReport, reason: str, expected_version: int | None) -> StatusReport:
    """Correct a submitted report (its PM, before the review) or a reviewed one (the PMO only): it becomes a draft
    again; the submitted revision stays kept, and the resubmission is a new revision the PMO reviews again."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Say why the report must be corrected."), field="reason")
    return _transition(actor=actor, report=report, action="reopen", expected_version=expected_version, comment=reason)
