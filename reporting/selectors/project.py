"""The project panel's reads: RAG history, the S-curve's figures, the milestones — one query each."""

from __future__ import annotations

from django.db.models import QuerySet

from projects.models import CostPlan, Milestone, Project, StatusReport
from reporting.selectors.portfolio import FINAL_REPORT_STATES


def report_history(project: Project, *, limit: int = 156) -> list[dict]:
    """The submitted reports' frozen figures, oldest first (three years of weeks at most)."""
    rows = list(
        StatusReport.objects.filter(project=project, state__in=FINAL_REPORT_STATES)
        .order_by("-week")
        .values(
            "week",
            "week_start",
            "overall_rag",
            "suggested_overall_rag",
            "schedule_rag",
            "cost_rag",
            "quality_rag",
            "pv",
            "ev",
            "ac",
            "eac",
            "bac",
            "spi",
            "cpi",
            "percent_complete",
        )[:limit]
    )
    rows.reverse()
    return rows


def planned_costs(project: Project) -> list[dict]:
    return list(CostPlan.objects.filter(project=project).order_by("month").values("month", "planned_cost"))


def milestones(project: Project) -> QuerySet[Milestone]:
    return Milestone.objects.filter(project=project).order_by("baseline_date", "pk")
