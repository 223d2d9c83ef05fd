"""Portfolio reads for the dashboard, the export and ``/api/v1/portfolio/``: aggregated in the database.

Every function takes the filtered, restricted queryset of projects (``PortfolioFilterSet(...).qs``) and answers
with a fixed number of queries, whatever the number of projects: totals and counts in one aggregate, roll-ups in one
grouped query each, chart data in one query each, the table one page at a time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone

from projects import selectors as project_selectors
from projects.models import EscalationLevel, Issue, IssueStatus, Project, ReportState, Risk, RiskStatus, StatusReport
from projects.weeks import week_of

User = get_user_model()

#: An open risk at or above this score (P × I) is a "high" risk.
HIGH_RISK_SCORE = 15
#: No submitted report for this many weeks makes a project "stale".
STALE_WEEKS = 2
TREND_WEEKS = 26
FINAL_REPORT_STATES = (ReportState.SUBMITTED, ReportState.REVIEWED)
ESCALATED_LEVELS = (EscalationLevel.PMO, EscalationLevel.EXECUTIVE)
OPEN_ISSUE_STATES = (IssueStatus.OPEN, IssueStatus.IN_PROGRESS)
_RANK = {"green": 1, "amber": 2, "red": 3}


def base_queryset(user) -> QuerySet[Project]:
    """What the dashboard may show ``user``: visible, not archived."""
    return project_selectors.portfolio(user)


def pm_choices(user) -> QuerySet:
    """PMs of the projects ``user`` sees (the PM filter's choices)."""
    # A semi-join (no DISTINCT over whole user rows) and only the columns the choice's label needs.
    return (
        User.objects.filter(pk__in=project_selectors.portfolio(user).values("pm_id"))
        .only("username", "first_name", "last_name")
        .order_by("last_name", "first_name", "username")
    )


def stale_before(today: dt.date | None = None) -> str:
    """Reports of weeks before this one are stale (ISO week strings sort in time order)."""
    today = today or timezone.localdate()
    return week_of(today - dt.timedelta(weeks=STALE_WEEKS - 1))


def _latest_final_report(field: str) -> Subquery:
    reports = StatusReport.objects.filter(project=OuterRef("pk"), state__in=FINAL_REPORT_STATES).order_by("-week")
    return Subquery(reports.values(field)[:1])


def _rank(field: str) -> Case:
    return Case(*(When(**{field: k}, then=Value(v)) for k, v in _RANK.items()), default=Value(0))


def _escalations() -> Exists:
    return Exists(
        Issue.objects.filter(
            project=OuterRef("pk"), status__in=OPEN_ISSUE_STATES, escalation_level__in=ESCALATED_LEVELS
        )
    )


def _suggested_rank() -> Case:
    latest = _latest_final_report("suggested_overall_rag")
    return Case(*(When(Q(Exact(latest, k)), then=Value(v)) for k, v in _RANK.items()), default=Value(0))


def _watermelon() -> Q:
    """The PM's overall RAG better than the RAG the numbers of the latest submitted report suggested (expressions
    only, no annotation: usable in an aggregate's filter on every database)."""
    return Q(GreaterThan(_suggested_rank(), _rank("overall_rag"))) & ~Q(overall_rag="")


def annotate_flags(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.annotate(
        pm_rank=_rank("overall_rag"),
        suggested_rag=_latest_final_report("suggested_overall_rag"),
        suggested_rank=Case(*(When(suggested_rag=k, then=Value(v)) for k, v in _RANK.items()), default=Value(0)),
        escalated=_escalations(),
    )


def apply_flag(qs: QuerySet[Project], flag: str) -> QuerySet[Project]:
    if flag == "stale":
        return qs.filter(Q(last_report_week="") | Q(last_report_week__lt=stale_before()))
    if flag == "watermelon":
        return qs.filter(_watermelon())
    if flag == "escalated":
        return qs.filter(_escalations())
    return qs


def table(qs: QuerySet[Project], *, order: list[str]) -> QuerySet[Project]:
    """The portfolio table's rows (slice it: the page's query is the only one)."""
    high_risks = (
        Risk.objects.filter(project=OuterRef("pk"), status=RiskStatus.OPEN, score__gte=HIGH_RISK_SCORE)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    money = DecimalField(max_digits=15, decimal_places=0)
    return (
        annotate_flags(qs)
        .select_related("pm", "org_unit", "program", "baseline")
        .annotate(
            rag_rank=_rank("overall_rag"),
            high_risks=Coalesce(Subquery(high_risks, output_field=IntegerField()), 0),
            vac=ExpressionWrapper(F("baseline__bac") - F("eac"), output_field=money),
        )
        .order_by(*order, "code")
    )


@dataclass(frozen=True)
class Totals:
    projects: int
    green: int
    amber: int
    red: int
    none: int
    bac: Decimal
    eac: Decimal
    vac: Decimal
    stale: int
    watermelon: int
    escalated: int

    @property
    def counts(self) -> dict[str, int]:
        return {"green": self.green, "amber": self.amber, "red": self.red, "none": self.none}


def totals(qs: QuerySet[Project]) -> Totals:
    """Counts by overall RAG, the flags, and BAC / EAC / VAC summed: one query."""
    zero = Value(Decimal(0))
    money = DecimalField(max_digits=18, decimal_places=0)
    row = qs.aggregate(
        projects=Count("pk"),
        green=Count("pk", filter=Q(overall_rag="green")),
        amber=Count("pk", filter=Q(overall_rag="amber")),
        red=Count("pk", filter=Q(overall_rag="red")),
        none=Count("pk", filter=Q(overall_rag="")),
        bac=Coalesce(Sum("baseline__bac"), zero, output_field=money),
        # A project without an estimate counts its budget as its estimate (no variance claimed).
        eac=Coalesce(Sum(Coalesce("eac", "baseline__bac")), zero, output_field=money),
        stale=Count("pk", filter=Q(last_report_week="") | Q(last_report_week__lt=stale_before())),
        watermelon=Count("pk", filter=_watermelon()),
        escalated=Count("pk", filter=Q(_escalations())),
    )
    return Totals(vac=row["bac"] - row["eac"], **row)


def rollup(qs: QuerySet[Project], by: str) -> list[dict]:
    """Per org unit (``by="org_unit"``) or program: projects, RAG counts, BAC, EAC, VAC — one query."""
    money = DecimalField(max_digits=18, decimal_places=0)
    rows = (
        qs.order_by()
        .values(f"{by}_id", f"{by}__code", f"{by}__name")
        .annotate(
            n=Count("pk"),
            red=Count("pk", filter=Q(overall_rag="red")),
            amber=Count("pk", filter=Q(overall_rag="amber")),
            green=Count("pk", filter=Q(overall_rag="green")),
            bac=Coalesce(Sum("baseline__bac"), Value(Decimal(0)), output_field=money),
            eac=Coalesce(Sum(Coalesce("eac", "baseline__bac")), Value(Decimal(0)), output_field=money),
        )
        .order_by(f"{by}__code")
    )
    return [
        {
            "id": r[f"{by}_id"],
            "code": r[f"{by}__code"] or "",
            "name": r[f"{by}__name"] or "",
            "n": r["n"],
            "red": r["red"],
            "amber": r["amber"],
            "green": r["green"],
            "bac": r["bac"],
            "eac": r["eac"],
            "vac": r["bac"] - r["eac"],
        }
        for r in rows
    ]


# --- Chart data: one query each --------------------------------------------------------------------------------


def quadrant_points(qs: QuerySet[Project]) -> list[dict]:
    return list(
        qs.filter(spi__isnull=False, cpi__isnull=False)
        .order_by("code")
        .values("code", "name", "spi", "cpi", "overall_rag", "baseline__bac")
    )


def budget_vs_eac(qs: QuerySet[Project], *, limit: int = 15) -> list[dict]:
    """The projects with the largest expected overrun (EAC − BAC), then the largest budgets."""
    money = DecimalField(max_digits=15, decimal_places=0)
    return list(
        qs.filter(baseline__isnull=False)
        .annotate(overrun=ExpressionWrapper(Coalesce("eac", "baseline__bac") - F("baseline__bac"), output_field=money))
        .order_by("-overrun", "-baseline__bac", "code")
        .values("code", "name", "baseline__bac", "eac", "overall_rag")[:limit]
    )


def milestone_slips(qs: QuerySet[Project], *, limit: int = 15) -> list[dict]:
    return list(
        qs.filter(max_slip_days__gt=0)
        .order_by("-max_slip_days", "code")
        .values("code", "name", "max_slip_days", "next_milestone_name")[:limit]
    )


def rag_trend(qs: QuerySet[Project], *, today: dt.date | None = None) -> list[dict]:
    """Per week of the last 26, the submitted reports' overall RAG counts."""
    today = today or timezone.localdate()
    since = today - dt.timedelta(weeks=TREND_WEEKS)
    return list(
        StatusReport.objects.filter(project__in=qs.order_by().values("pk"), week_start__gt=since)
        .filter(state__in=FINAL_REPORT_STATES)
        .order_by()
        .values("week")
        .annotate(
            green=Count("pk", filter=Q(overall_rag="green")),
            amber=Count("pk", filter=Q(overall_rag="amber")),
            red=Count("pk", filter=Q(overall_rag="red")),
        )
        .order_by("week")
    )


def risk_heat(qs: QuerySet[Project]) -> list[dict]:
    return list(
        Risk.objects.filter(project__in=qs.order_by().values("pk"), status=RiskStatus.OPEN)
        .order_by()
        .values("probability", "impact")
        .annotate(n=Count("pk"))
    )


AGE_BUCKETS: tuple[tuple[int, int | None], ...] = ((0, 7), (8, 30), (31, 90), (91, None))


def issue_ageing(qs: QuerySet[Project], *, today: dt.date | None = None) -> list[dict]:
    """Open issues per priority and age bucket (days since raised): one grouped query."""
    today = today or timezone.localdate()
    buckets = {}
    for low, high in AGE_BUCKETS:
        cond = Q(raised_on__lte=today - dt.timedelta(days=low))
        if high is not None:
            cond &= Q(raised_on__gte=today - dt.timedelta(days=high))
        buckets[f"b{low}"] = Count("pk", filter=cond)
    return list(
        Issue.objects.filter(project__in=qs.order_by().values("pk"), status__in=OPEN_ISSUE_STATES)
        .order_by()
        .values("priority")
        .annotate(**buckets)
    )


def is_watermelon(project) -> bool:
    return bool(getattr(project, "pm_rank", 0)) and project.pm_rank < getattr(project, "suggested_rank", 0)


def is_stale(project, today: dt.date | None = None) -> bool:
    return not project.last_report_week or project.last_report_week < stale_before(today)
