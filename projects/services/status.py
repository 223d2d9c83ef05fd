"""Writes on weekly status reports: draft, submit, review (accept / return), and revisions.

States: draft → submitted → reviewed, or submitted → returned (editable again) → submitted …
A submission freezes the content in a StatusReportRevision, so every submitted version is kept.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit as history
from projects import weeks
from core.exceptions import InvalidTransition
from projects.models import Project, ReportState, StatusReport, StatusReportRevision
from core.locking import apply_update
from projects.services.metrics import COMPUTED_FIELDS, apply_evaluation, refresh_project_snapshot

CONTENT_FIELDS = [
    "overall_rag",
    "schedule_rag",
    "cost_rag",
    "quality_rag",
    "scope_rag",
    "rag_comment",
    "percent_complete",
    "actual_cost_to_date",
    "summary",
    "achievements",
    "next_plan",
    "help_needed",
]


def initial_for_week(project: Project, week: str) -> dict[str, Any]:
    """Pre-fill a new report from the project's latest earlier report."""
    previous = project.status_reports.filter(week__lt=week).order_by("-week").first()
    if not previous:
        return {"percent_complete": project.percent_complete}
    data = {f: getattr(previous, f) for f in CONTENT_FIELDS}
    data["rag_comment"] = ""
    return data


@transaction.atomic
def create_status_report(*, actor, project: Project, week: str, data: dict[str, Any]) -> StatusReport:
    """A new draft for ``week`` (one per project and week: the caller validates uniqueness)."""
    report = StatusReport(
        project=project,
        week=week,
        week_start=weeks.parse_week(week),
        created_by=actor,
        updated_by=actor,
        **{k: v for k, v in data.items() if k in CONTENT_FIELDS},
    )
    apply_evaluation(report)
    report.save()
    history.record(
        project=project,
        actor=actor,
        action="create",
        obj=report,
        changes={k: [None, v] for k, v in history.snapshot(report, CONTENT_FIELDS).items() if v not in (None, "")},
    )
    refresh_project_snapshot(project=project)
    return report


@transaction.atomic
def update_status_report(
    *, actor, report: StatusReport, data: dict[str, Any], expected_version: int | None
) -> StatusReport:
    """Save a draft or returned report. Optimistic locking: a stale ``expected_version`` raises StaleEdit."""
    if not report.is_editable:
        raise InvalidTransition(_("A submitted report cannot be edited; make a new revision instead."))
    content = {k: v for k, v in data.items() if k in CONTENT_FIELDS}
    for name, value in content.items():
        setattr(report, name, value)
    apply_evaluation(report)
    content.update({f: getattr(report, f) for f in COMPUTED_FIELDS})
    apply_update(obj=report, actor=actor, project=report.project, data=content, expected_version=expected_version)
    refresh_project_snapshot(project=report.project)
    return report


def _transition(
    *, actor, report: StatusReport, to: str, allowed_from: tuple[str, ...], expected_version, extra=None, comment=""
):
    if report.state not in allowed_from:
        raise InvalidTransition(
            _("This report is %(state)s; it cannot be moved to %(target)s.")
            % {"state": report.get_state_display(), "target": ReportState(to).label}
        )
    data = {"state": to, **(extra or {})}
    apply_update(
        obj=report,
        actor=actor,
        project=report.project,
        data=data,
        expected_version=expected_version,
        action=to,
        comment=comment,
    )
    refresh_project_snapshot(project=report.project)
    return report


@transaction.atomic
def submit_status_report(*, actor, report: StatusReport, expected_version: int | None = None) -> StatusReport:
    """Submit a draft or returned report; its content is frozen as a new revision."""
    number = report.revision if not report.revisions.exists() else report.revision + 1
    _transition(
        actor=actor,
        report=report,
        to=ReportState.SUBMITTED,
        allowed_from=(ReportState.DRAFT, ReportState.RETURNED),
        expected_version=expected_version,
        extra={"submitted_at": timezone.now(), "submitted_by": actor, "revision": number},
    )
    StatusReportRevision.objects.create(
        report=report,
        revision=number,
        state=ReportState.SUBMITTED,
        content=history.snapshot(report, CONTENT_FIELDS + COMPUTED_FIELDS),
        created_by=actor,
    )
    return report


@transaction.atomic
def review_status_report(
    *, actor, report: StatusReport, accept: bool, comment: str = "", expected_version: int | None = None
) -> StatusReport:
    """PMO review: accept (→ reviewed) or return with a comment (→ returned, editable by the PM)."""
    if not accept and not comment.strip():
        raise InvalidTransition(_("A returned report needs a comment for the PM."))
    return _transition(
        actor=actor,
        report=report,
        to=ReportState.REVIEWED if accept else ReportState.RETURNED,
        allowed_from=(ReportState.SUBMITTED,),
        expected_version=expected_version,
        extra={"reviewed_at": timezone.now(), "reviewed_by": actor, "review_comment": comment},
        comment=comment,
    )


@transaction.atomic
def reopen_status_report(*, actor, report: StatusReport, reason: str, expected_version: int | None = None):
    """Correct a submitted or reviewed report: it becomes a draft again; the submitted revision stays kept."""
    return _transition(
        actor=actor,
        report=report,
        to=ReportState.DRAFT,
        allowed_from=(ReportState.SUBMITTED, ReportState.REVIEWED),
        expected_version=expected_version,
        comment=reason,
    )
