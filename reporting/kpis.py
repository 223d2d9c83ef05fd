"""The PMO KPIs (SPEC.md "PMO KPIs"): what the PMO is judged by, for the portfolio or one org unit, each as its
current value and its trend by month. Every figure is a database aggregate grouped by month (a fixed number of
queries whatever the number of projects); Python only arranges the few monthly rows.

Definitions (a month is a calendar month in the portal's time zone):

* delayed milestones: milestones due (baseline date) in the month whose actual or forecast date is later than the
  baseline, or that are still not reached after it; the current value counts the milestones late right now;
* % green projects: of the weekly reports submitted for the month's weeks, the share rated green overall; now: the
  share of running projects whose latest overall RAG is green;
* on-time status submission: of the month's weekly reports, the share submitted by their week's deadline (the
  Japanese working calendar moves it before a holiday); a report still in draft after its deadline is late;
* mean SPI / CPI: the mean of the submitted reports' frozen SPI / CPI; now: of the running projects' latest figures;
* issue resolution lead time: mean days from raised to resolved of the issues resolved in the month;
* checklist compliance: completed required checklist runs ÷ required runs due (standards app);
* PM satisfaction: mean score of the survey rounds opened in the month, counting only rounds with at least
  ``MIN_ANSWERS_SHOWN`` answers (anonymity);
* meetings per project: meetings held in the month ÷ projects that reported that month;
* PM hours in meetings: hours of the meetings a project's PM attended, per PM who attended any, in the month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.calendar import report_deadline
from projects import resources_selectors as months_util
from projects.models import (
    Issue,
    Meeting,
    Milestone,
    OrgUnit,
    Project,
    ProjectState,
    Rag,
    ReportState,
    StatusReport,
    SurveyAnswer,
)
from projects.models.surveys import MIN_ANSWERS_SHOWN

TREND_MONTHS = 12
RUNNING = (ProjectState.ACTIVE, ProjectState.ON_HOLD)
SENT = (ReportState.SUBMITTED, ReportState.REVIEWED, ReportState.RETURNED)
D2 = Decimal("0.01")


@dataclass
class Kpi:
    key: str
    label: Any
    unit: Any
    better: str  # "up" or "down": which way is good
    current: Decimal | int | None = None
    trend: list[tuple[dt.date, Decimal | int | None]] = field(default_factory=list)
    available: bool = True
    note: Any = ""


def scope_projects(user, org_unit: OrgUnit | None = None):
    """The projects the KPIs cover: those ``user`` may see, within ``org_unit`` and its sub-units if given."""
    qs = Project.objects.restrict(user, "view").filter(archived_at__isnull=True)
    if org_unit is None:
        return qs
    units, frontier = {org_unit.pk}, {org_unit.pk}
    tree = list(OrgUnit.objects.values_list("pk", "parent_id"))
    while frontier:
        frontier = {pk for pk, parent in tree if parent in frontier and pk not in units}
        units |= frontier
    return qs.filter(org_unit__in=units)


def _months(today: dt.date) -> list[dt.date]:
    return months_util.months_from(months_util.add_months(today.replace(day=1), -(TREND_MONTHS - 1)), TREND_MONTHS)


def _ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(D2)


def _series(rows, months, key, value) -> list[tuple[dt.date, Any]]:
    by_month = {}
    for row in rows:
        month = row[key]
        if isinstance(month, dt.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        by_month[month.replace(day=1)] = value(row)
    return [(m, by_month.get(m)) for m in months]


def delayed_milestones(projects, months, today) -> Kpi:
    late = (
        Q(actual_date__gt=F("baseline_date"))
        | Q(actual_date__isnull=True, baseline_date__lt=today)
        | Q(actual_date__isnull=True, forecast_date__gt=F("baseline_date"))
    )
    rows = (
        Milestone.objects.filter(project__in=projects, baseline_date__gte=months[0], baseline_date__lte=today)
        .annotate(m=TruncMonth("baseline_date"))
        .values("m")
        .annotate(n=Count("id", filter=late))
    )
    now = Milestone.objects.filter(project__in=projects.filter(state__in=RUNNING), actual_date__isnull=True).filter(
        Q(baseline_date__lt=today) | Q(forecast_date__gt=F("baseline_date"))
    )
    return Kpi(
        "delayed_milestones",
        _("Delayed milestones"),
        _("milestones"),
        "down",
        current=now.count(),
        trend=_series(rows, months, "m", lambda r: r["n"]),
    )


def _mondays(months, today) -> list[dt.date]:
    mondays, day = [], months[0] - dt.timedelta(days=months[0].weekday())
    while day <= today:
        mondays.append(day)
        day += dt.timedelta(days=7)
    return mondays


def report_month_stats(projects, months, today) -> list[dict]:
    """One pass over the weekly reports of the trend's months, grouped by month: what the green share, the on-time
    submission rate, the mean indices and the meetings per reporting project need (one query).

    A report's deadline is its week's (``core.calendar.report_deadline``, moved before holidays), computed for the
    trend's few dozen weeks in Python and handed to the database as a CASE; weeks whose deadline has not passed
    yet count neither as on time nor as late."""
    deadline = Case(
        *[When(week_start=monday, then=Value(report_deadline(monday))) for monday in _mondays(months, today)],
        output_field=DateTimeField(),
    )
    due = Q(deadline__lte=timezone.now())
    return list(
        StatusReport.objects.filter(project__in=projects, week_start__gte=months[0])
        .annotate(m=TruncMonth("week_start"), deadline=deadline)
        .values("m")
        .annotate(
            sent=Count("id", filter=Q(state__in=SENT)),
            green=Count("id", filter=Q(state__in=SENT, overall_rag=Rag.GREEN)),
            spi=Avg("spi", filter=Q(state__in=SENT)),
            cpi=Avg("cpi", filter=Q(state__in=SENT)),
            projects_n=Count("project", distinct=True),
            due=Count("id", filter=due),
            on_time=Count("id", filter=due & Q(submitted_at__lte=F("deadline"))),
        )
    )


def running_now(projects) -> dict:
    """The running projects' latest figures, in one aggregate: green share and mean SPI / CPI."""
    return projects.filter(state__in=RUNNING).aggregate(
        rated=Count("id", filter=~Q(overall_rag="")),
        green=Count("id", filter=Q(overall_rag=Rag.GREEN)),
        spi=Avg("spi"),
        cpi=Avg("cpi"),
    )


def green_share(stats, now, months) -> Kpi:
    return Kpi(
        "green_share",
        _("Green projects"),
        "%",
        "up",
        current=_ratio(now["green"], now["rated"]),
        trend=_series(stats, months, "m", lambda r: _ratio(r["green"], r["sent"])),
    )


def on_time_submission(stats, months) -> Kpi:
    trend = _series(stats, months, "m", lambda r: _ratio(r["on_time"], r["due"]))
    current = next((v for _m, v in reversed(trend) if v is not None), None)
    return Kpi("on_time_submission", _("On-time status submission"), "%", "up", current=current, trend=trend)


def mean_indices(stats, now, months) -> tuple[Kpi, Kpi]:
    spi = Kpi("mean_spi", _("Mean SPI"), "", "up", current=_dec(now["spi"]))
    spi.trend = _series(stats, months, "m", lambda r: _dec(r["spi"]))
    cpi = Kpi("mean_cpi", _("Mean CPI"), "", "up", current=_dec(now["cpi"]))
    cpi.trend = _series(stats, months, "m", lambda r: _dec(r["cpi"]))
    return spi, cpi


def _days(value) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return Decimal(value.total_seconds() / 86400).quantize(Decimal("0.1"))
    return Decimal(str(value)).quantize(Decimal("0.1"))


def issue_lead_time(projects, months) -> Kpi:
    lead = ExpressionWrapper(F("resolved_on") - F("raised_on"), output_field=DurationField())
    rows = (
        Issue.objects.filter(project__in=projects, resolved_on__gte=months[0], resolved_on__isnull=False)
        .annotate(m=TruncMonth("resolved_on"), lead=lead)
        .values("m")
        .annotate(avg=Avg("lead"))
    )
    trend = _series(rows, months, "m", lambda r: _days(r["avg"]))
    current = next((v for _m, v in reversed(trend) if v is not None), None)
    return Kpi("issue_lead_time", _("Issue resolution lead time"), _("days"), "down", current=current, trend=trend)


def checklist_compliance(projects, months, today) -> Kpi:
    kpi = Kpi("checklist_compliance", _("Checklist compliance"), "%", "up")
    try:
        from standards.models import ChecklistRun
        from standards.models.choices import RunState
    except ImportError:  # the standards app is not installed
        kpi.available, kpi.note = False, _("Not available: the standards app is not installed.")
        return kpi
    due = Q(required=True, due_date__lte=today) & ~Q(state=RunState.CANCELLED)
    base = ChecklistRun.objects.filter(due, project__in=projects)
    rows = (
        base.filter(due_date__gte=months[0])
        .annotate(m=TruncMonth("due_date"))
        .values("m")
        .annotate(n=Count("id"), done=Count("id", filter=Q(state=RunState.COMPLETED)))
    )
    total = base.aggregate(n=Count("id"), done=Count("id", filter=Q(state=RunState.COMPLETED)))
    kpi.current = _ratio(total["done"], total["n"])
    kpi.trend = _series(rows, months, "m", lambda r: _ratio(r["done"], r["n"]))
    return kpi


def pm_satisfaction(months) -> Kpi:
    """Portfolio-wide whatever the scope (answers are anonymous: they cannot be split by org unit)."""
    rounds = list(
        SurveyAnswer.objects.filter(round__opened_on__gte=months[0])
        .values("round", "round__opened_on")
        .annotate(n=Count("id"), total=Sum("score"))
        .filter(n__gte=MIN_ANSWERS_SHOWN)
        .order_by("round__opened_on", "round")
    )
    by_month: dict[dt.date, list[int]] = {}
    for r in rounds:
        acc = by_month.setdefault(r["round__opened_on"].replace(day=1), [0, 0])
        acc[0] += r["total"]
        acc[1] += r["n"]
    trend = [(m, (Decimal(v[0]) / v[1]).quantize(D2) if (v := by_month.get(m)) else None) for m in months]
    latest = rounds[-1] if rounds else None
    current = (Decimal(latest["total"]) / latest["n"]).quantize(D2) if latest else None
    note = _("Whole portfolio (answers are anonymous); rounds with fewer than %(n)s answers are not shown.") % {
        "n": MIN_ANSWERS_SHOWN
    }
    return Kpi("pm_satisfaction", _("PM satisfaction"), "/ 5", "up", current=current, trend=trend, note=note)


def meetings(projects, months, stats) -> tuple[Kpi, Kpi]:
    held = (
        Meeting.objects.filter(project__in=projects, held_on__gte=months[0])
        .annotate(m=TruncMonth("held_on"))
        .values("m")
        .annotate(n=Count("id"))
    )
    pm_time = (
        Meeting.objects.filter(project__in=projects, held_on__gte=months[0], attendees=F("project__pm"))
        .annotate(m=TruncMonth("held_on"))
        .values("m")
        .annotate(minutes=Sum("duration_minutes"), pms=Count("project__pm", distinct=True))
    )
    counts = {r["m"]: r["n"] for r in held}
    per_project = []
    for m, n_projects in _series(stats, months, "m", lambda r: r["projects_n"]):
        n = counts.get(m, 0)
        per_project.append((m, (Decimal(n) / n_projects).quantize(D2) if n_projects else None))
    hours = _series(
        pm_time, months, "m", lambda r: (Decimal(r["minutes"] or 0) / 60 / r["pms"]).quantize(Decimal("0.1"))
    )
    last = lambda trend: next((v for _m, v in reversed(trend) if v is not None), None)  # noqa: E731
    return (
        Kpi(
            "meetings_per_project",
            _("Meetings per project per month"),
            _("meetings"),
            "down",
            last(per_project),
            per_project,
        ),
        Kpi(
            "pm_meeting_hours",
            _("Hours PMs spend in meetings"),
            _("hours per PM per month"),
            "down",
            last(hours),
            hours,
        ),
    )


def pmo_kpis(user, *, org_unit: OrgUnit | None = None, today: dt.date | None = None) -> list[Kpi]:
    today = today or timezone.localdate()
    months = _months(today)
    projects = scope_projects(user, org_unit)
    stats = report_month_stats(projects, months, today)
    now = running_now(projects)
    spi, cpi = mean_indices(stats, now, months)
    per_project, pm_hours = meetings(projects, months, stats)
    return [
        delayed_milestones(projects, months, today),
        green_share(stats, now, months),
        on_time_submission(stats, months),
        spi,
        cpi,
        issue_lead_time(projects, months),
        checklist_compliance(projects, months, today),
        pm_satisfaction(months),
        per_project,
        pm_hours,
    ]
