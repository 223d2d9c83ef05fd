"""Work queues of the weekly loop, read for the PMO's and the PM's home pages (reads only; every query starts from
``restrict(user, "view")``, and each queue is one or two queries whatever the size of the portfolio).

The week is the current ISO week in the portal's time zone; "missing" starts after that week's deadline
(``core.calendar.report_deadline``: Friday 17:00 Asia/Tokyo by default, the previous working day before a holiday).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from core.calendar import report_deadline
from projects import weeks
from projects.models import (
    ActionItem,
    ActionStatus,
    EscalationLevel,
    Issue,
    IssueStatus,
    Project,
    ProjectState,
    ReportState,
    StatusReport,
)

#: A project with no submitted report for this many weeks is stale.
STALE_WEEKS = 2
#: How many rows each queue shows (the count is always the full one).
QUEUE_ROWS = 10

SUBMITTED_STATES = (ReportState.SUBMITTED, ReportState.REVIEWED)
OPEN_ISSUES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


@dataclass
class Queue:
    """One queue: its key (for the template and tests), the full count and the first rows."""

    key: str
    count: int
    rows: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class WeekContext:
    week: str
    monday: dt.date
    deadline: dt.datetime
    past_deadline: bool


def this_week(now: dt.datetime | None = None) -> WeekContext:
    now = now or timezone.now()
    today = timezone.localdate(now)
    week = weeks.week_of(today)
    monday = weeks.parse_week(week)
    deadline = report_deadline(monday)
    return WeekContext(week=week, monday=monday, deadline=deadline, past_deadline=now >= deadline)


def _active_projects(user) -> QuerySet[Project]:
    """Visible, running projects (reports are expected from them): active, not archived."""
    return Project.objects.restrict(user, "view").filter(state=ProjectState.ACTIVE, archived_at__isnull=True)


def _queue(key: str, qs: QuerySet) -> Queue:
    # Always two queries (the rows, the count): the page's query count does not depend on the data.
    return Queue(key=key, count=qs.count(), rows=list(qs[:QUEUE_ROWS]))


def _reports(user, state: str) -> QuerySet[StatusReport]:
    return (
        StatusReport.objects.restrict(user, "view")
        .filter(state=state, project__archived_at__isnull=True)
        .select_related("project", "project__pm", "submitted_by", "reviewed_by")
        .order_by("week", "project__code")
    )


def missing_reports(projects: QuerySet[Project], week: str) -> QuerySet[Project]:
    """The projects with no report for ``week`` that was ever submitted (a returned one was: it is in the
    "returned" queue instead)."""
    submitted = StatusReport.objects.filter(project=OuterRef("pk"), week=week, submitted_at__isnull=False)
    return projects.annotate(has_report=Exists(submitted)).filter(has_report=False)


def stale_projects(projects: QuerySet[Project], week: str) -> QuerySet[Project]:
    """Running projects whose last submitted report is older than ``STALE_WEEKS`` weeks (or that never sent one)."""
    cutoff = weeks.week_of(weeks.parse_week(week) - dt.timedelta(weeks=STALE_WEEKS))
    return (
        projects.annotate(
            last_submitted=Max("status_reports__week", filter=Q(status_reports__submitted_at__isnull=False))
        )
        .filter(Q(last_submitted__isnull=True) | Q(last_submitted__lte=cutoff))
        .order_by("last_submitted", "code")
    )


def escalated_issues(user) -> QuerySet[Issue]:
    return (
        Issue.objects.restrict(user, "view")
        .filter(
            status__in=OPEN_ISSUES,
            escalation_level__in=(EscalationLevel.PMO, EscalationLevel.EXECUTIVE),
            project__archived_at__isnull=True,
        )
        .select_related("project", "owner")
        .order_by("due_date", "-raised_on", "id")
    )


def help_requests(user, week: str) -> QuerySet[StatusReport]:
    """This or last week's submitted reports that ask for help."""
    return (
        StatusReport.objects.restrict(user, "view")
        .filter(
            week__in=(week, weeks.previous_week(week)), state__in=SUBMITTED_STATES, project__archived_at__isnull=True
        )
        .exclude(help_needed="")
        .select_related("project", "submitted_by")
        .order_by("-week", "project__code")
    )


def pmo_queues(user, *, now: dt.datetime | None = None) -> tuple[WeekContext, list[Queue]]:
    """The PMO's queues: awaiting review, returned, missing after the deadline, stale, escalations."""
    ctx = this_week(now)
    active = _active_projects(user).select_related("pm").order_by("code")
    queues = [
        _queue("awaiting_review", _reports(user, ReportState.SUBMITTED)),
        _queue("returned", _reports(user, ReportState.RETURNED)),
    ]
    if ctx.past_deadline:
        queues.append(_queue("missing", missing_reports(active, ctx.week)))
    else:
        queues.append(_queue("not_yet_submitted", missing_reports(active, ctx.week)))
    queues += [
        _queue("stale", stale_projects(active, ctx.week)),
        _queue("escalated_issues", escalated_issues(user)),
        _queue("help_needed", help_requests(user, ctx.week)),
    ]
    return ctx, queues


def pm_queues(user, *, now: dt.datetime | None = None) -> tuple[WeekContext, list[Queue]]:
    """A PM's queues: this week's reports to write, returned reports, overdue issues and action items they own."""
    ctx = this_week(now)
    today = timezone.localdate(now or timezone.now())
    mine = _active_projects(user).filter(Q(pm=user) | Q(deputy_pm=user)).order_by("code")
    to_write = missing_reports(mine, ctx.week).annotate(
        has_draft=Exists(
            StatusReport.objects.filter(
                project=OuterRef("pk"), week=ctx.week, state__in=(ReportState.DRAFT, ReportState.RETURNED)
            )
        )
    )
    returned = _reports(user, ReportState.RETURNED).filter(Q(project__pm=user) | Q(project__deputy_pm=user))
    overdue_issues = (
        Issue.objects.restrict(user, "view")
        .filter(owner=user, status__in=OPEN_ISSUES, due_date__lt=today, project__archived_at__isnull=True)
        .select_related("project")
        .order_by("due_date", "id")
    )
    overdue_actions = (
        ActionItem.objects.restrict(user, "view")
        .filter(owner=user, status=ActionStatus.OPEN, due_date__lt=today, project__archived_at__isnull=True)
        .select_related("project", "meeting")
        .order_by("due_date", "id")
    )
    return ctx, [
        _queue("to_write", to_write),
        _queue("returned", returned),
        _queue("overdue_issues", overdue_issues),
        _queue("overdue_actions", overdue_actions),
    ]
