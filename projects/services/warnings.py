"""The daily early-warning job: evaluate the rules of ``projects.domain.warnings`` on the portfolio, keep one open
``EarlyWarning`` per condition that holds, resolve those that no longer hold, and send each PM (their projects'
new warnings) and each PMO user (all new warnings) one digest for the day.

Idempotent: running it twice on a day raises nothing twice (the open warning is kept, ``last_seen_at`` moves on)
and e-mails nothing twice (the digest is a notification keyed ``warning-digest:<day>`` per recipient, unique in the
database; its e-mail is sent once by ``core.tasks.send_notification_email``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.calendar import working_calendar
from projects import resources_selectors
from projects.domain import warnings as rules
from projects.models import (
    EarlyWarning,
    Issue,
    IssueStatus,
    Milestone,
    Project,
    ProjectState,
    Risk,
    RiskStatus,
    WarningKind,
)

RUNNING_STATES = (ProjectState.ACTIVE, ProjectState.ON_HOLD)
OPEN_ISSUES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)


@dataclass(frozen=True)
class Finding:
    kind: str
    key: str
    project_id: int | None
    person_id: int | None
    params: dict


def _fmt(value) -> str:
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def findings(*, today: dt.date) -> list[Finding]:
    """Every warning condition true on ``today``: a handful of queries, each pre-filtered in the database to a
    superset the pure rules then decide on."""
    calendar = working_calendar()
    red_below = settings.PMO_RAG_THRESHOLDS["AMBER_MIN"]
    running = Project.objects.filter(state__in=RUNNING_STATES, archived_at__isnull=True)
    out: list[Finding] = []
    for p in running.filter(spi__lt=red_below).only("pk", "spi"):
        if rules.index_red(p.spi, red_below):
            params = {"value": _fmt(p.spi), "threshold": _fmt(red_below)}
            out.append(Finding(WarningKind.SPI_RED, f"project:{p.pk}", p.pk, None, params))
    for p in running.filter(cpi__lt=red_below).only("pk", "cpi"):
        if rules.index_red(p.cpi, red_below):
            params = {"value": _fmt(p.cpi), "threshold": _fmt(red_below)}
            out.append(Finding(WarningKind.CPI_RED, f"project:{p.pk}", p.pk, None, params))
    limit = settings.PMO_WARNING_GATE_SLIP_DAYS
    gates = Milestone.objects.filter(
        project__in=running, is_phase_gate=True, actual_date__isnull=True, forecast_date__gt=F("baseline_date")
    )
    for m in gates:
        days = rules.gate_slip_days(
            baseline=m.baseline_date, forecast=m.forecast_date, actual=m.actual_date, limit=limit, calendar=calendar
        )
        if days is not None:
            params = {
                "name": m.name[:120],
                "forecast": m.forecast_date.isoformat(),
                "baseline": m.baseline_date.isoformat(),
                "days": days,
            }
            out.append(Finding(WarningKind.GATE_SLIP, f"milestone:{m.pk}", m.project_id, None, params))
    limit = settings.PMO_WARNING_ISSUE_OVERDUE_DAYS
    issues = Issue.objects.filter(
        project__in=running, status__in=OPEN_ISSUES, due_date__lt=today - dt.timedelta(days=limit)
    )
    for i in issues:
        days = rules.issue_overdue_days(due=i.due_date, today=today, is_open=True, limit=limit, calendar=calendar)
        if days is not None:
            params = {"title": i.title[:120], "due": i.due_date.isoformat(), "days": days}
            out.append(Finding(WarningKind.ISSUE_OVERDUE, f"issue:{i.pk}", i.project_id, None, params))
    risks = Risk.objects.filter(
        project__in=running, score__gte=rules.HIGH_RISK_SCORE, next_review_date__lt=today, status=RiskStatus.OPEN
    )
    for r in risks:
        if rules.risk_review_overdue(score=r.score, next_review=r.next_review_date, today=today, is_open=True):
            params = {"title": r.title[:120], "score": r.score, "review": r.next_review_date.isoformat()}
            out.append(Finding(WarningKind.RISK_REVIEW, f"risk:{r.pk}", r.project_id, None, params))
    months = resources_selectors.months_from(today)
    for row in resources_selectors.over_allocations(months):
        capacity = row["person__capacity_fte"]
        if rules.over_allocated(total_percent=row["total"], capacity_fte=capacity):
            month = row["month"].strftime("%Y-%m")
            params = {
                "person": row["person__name"][:120],
                "percent": row["total"],
                "month": month,
                "capacity": _fmt(capacity * 100),
            }
            key = f"person:{row['person_id']}:{month}"
            out.append(Finding(WarningKind.OVER_ALLOCATION, key, None, row["person_id"], params))
    return out


def raise_warnings(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Raise, refresh and resolve the warnings of the day, then send the day's digests. Returns counts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = findings(today=today)
    raised = kept = resolved = 0
    with transaction.atomic():
        open_rows = {(w.kind, w.key): w for w in EarlyWarning.objects.select_for_update().open()}
        seen = set()
        for f in current:
            seen.add((f.kind, f.key))
            row = open_rows.get((f.kind, f.key))
            if row is not None:
                row.last_seen_at, row.params = now, f.params
                row.save(update_fields=["last_seen_at", "params"])
                kept += 1
                continue
            try:
                with transaction.atomic():
                    EarlyWarning.objects.create(
                        kind=f.kind,
                        key=f.key,
                        project_id=f.project_id,
                        person_id=f.person_id,
                        params=f.params,
                        first_raised_at=now,
                        last_seen_at=now,
                    )
                raised += 1
            except IntegrityError:  # a concurrent run raised it first
                kept += 1
        for key, row in open_rows.items():
            if key not in seen:
                row.resolved_at = now
                row.save(update_fields=["resolved_at"])
                resolved += 1
        digests = send_digests(today=today)
    return {"raised": raised, "kept": kept, "resolved": resolved, "digests": digests}


def send_digests(*, today: dt.date) -> int:
    """One digest per recipient and day of the warnings first raised that day (none when there are none)."""
    from projects import notifications

    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    end = start + dt.timedelta(days=1)
    new = list(
        EarlyWarning.objects.open()
        .filter(first_raised_at__gte=start, first_raised_at__lt=end)
        .select_related("project", "project__pm", "project__deputy_pm")
    )
    if not new:
        return 0
    per_user: dict[int, tuple] = {}
    for user in notifications.pmo_users():
        per_user[user.pk] = (user, new)  # the PMO: every new warning
    pmo_ids = set(per_user)
    for w in new:
        if w.project is None:
            continue
        for user in (w.project.pm, w.project.deputy_pm):
            if user is not None and user.pk not in pmo_ids:
                per_user.setdefault(user.pk, (user, []))[1].append(w)
    sent = 0
    for user, items in per_user.values():
        if items:
            sent += notifications.warning_digest(user, items, today)
    return sent
