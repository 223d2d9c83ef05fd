"""What the PDF templates show, read as of the run's date: the latest submitted report at or before that week
(its frozen BAC, PV, EV, AC, SPI, CPI, EAC, baseline number and suggested RAG), so a rebuild shows the same numbers."""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery

from projects.models import (
    EscalationLevel,
    Issue,
    IssueStatus,
    Milestone,
    Project,
    QualityRecord,
    Risk,
    RiskStatus,
    StatusReport,
)
from projects.weeks import week_of
from reporting.charts import portfolio as portfolio_charts
from reporting.charts import project as project_charts
from reporting.selectors.portfolio import FINAL_REPORT_STATES, HIGH_RISK_SCORE, OPEN_ISSUE_STATES


def weekly_context(run) -> dict:
    project = Project.objects.select_related("pm", "deputy_pm", "org_unit", "program", "baseline").get(
        pk=run.project_id
    )
    last_week = week_of(run.as_of)
    reports = list(
        StatusReport.objects.filter(project=project, state__in=FINAL_REPORT_STATES, week__lte=last_week)
        .select_related("submitted_by")
        .order_by("-week")[:156]
    )
    report = reports[0] if reports else None
    history = [
        {
            f: getattr(r, f)
            for f in ("week", "week_start", "overall_rag", "suggested_overall_rag", "pv", "ev", "ac", "eac")
        }
        for r in reversed(reports)
    ]
    plans = list(project.cost_plans.order_by("month").values("month", "planned_cost"))
    milestones = list(Milestone.objects.filter(project=project).order_by("baseline_date", "pk"))
    issues = list(
        Issue.objects.filter(project=project, status__in=OPEN_ISSUE_STATES)
        .select_related("owner")
        .order_by("due_date", "pk")[:30]
    )
    risks = list(
        Risk.objects.filter(project=project, status=RiskStatus.OPEN)
        .select_related("owner")
        .order_by("-score", "pk")[:20]
    )
    quality = QualityRecord.objects.filter(project=project, week__lte=last_week).order_by("-week").first()
    baseline = project.baseline
    return {
        "project": project,
        "report": report,
        "vac": (report.bac - report.eac) if report and report.bac is not None and report.eac is not None else None,
        "quality": quality,
        "milestones": milestones,
        "issues": issues,
        "risks": risks,
        "figures": {
            "rag_history": project_charts.rag_history(history),
            "s_curve": project_charts.s_curve(
                history,
                plans,
                bac=report.bac if report else (baseline.bac if baseline else None),
                planned_end=baseline.planned_end if baseline else None,
            ),
            "milestones": project_charts.milestones(milestones),
        },
    }


def qcd_context(run) -> dict:
    """Per project of the run's frozen scope: its latest submitted report as of the run's week."""
    last_week = week_of(run.as_of)
    latest = StatusReport.objects.filter(
        project=OuterRef("pk"), state__in=FINAL_REPORT_STATES, week__lte=last_week
    ).order_by("-week")
    fields = (
        "week",
        "overall_rag",
        "schedule_rag",
        "cost_rag",
        "quality_rag",
        "suggested_overall_rag",
        "bac",
        "ev",
        "pv",
        "ac",
        "spi",
        "cpi",
        "eac",
        "baseline_number",
        "percent_complete",
    )
    annotations = {f"r_{f}": Subquery(latest.values(f)[:1]) for f in fields}
    projects = list(
        Project.objects.filter(pk__in=run.scope_project_ids)
        .select_related("pm", "org_unit")
        .annotate(**annotations)
        .annotate(
            open_escalations=Subquery(
                Issue.objects.filter(
                    project=OuterRef("pk"),
                    status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS],
                    escalation_level__in=[EscalationLevel.PMO, EscalationLevel.EXECUTIVE],
                )
                .order_by()
                .values("project")
                .annotate(n=_count())
                .values("n")[:1]
            ),
            high_risks=Subquery(
                Risk.objects.filter(project=OuterRef("pk"), status=RiskStatus.OPEN, score__gte=HIGH_RISK_SCORE)
                .order_by()
                .values("project")
                .annotate(n=_count())
                .values("n")[:1]
            ),
        )
        .order_by("org_unit__code", "code")
    )
    rows = []
    for p in projects:
        r = {f: getattr(p, f"r_{f}") for f in fields}
        r["vac"] = (r["bac"] - r["eac"]) if r["bac"] is not None and r["eac"] is not None else None
        r["watermelon"] = _rank(r["overall_rag"]) and _rank(r["overall_rag"]) < _rank(r["suggested_overall_rag"])
        rows.append({"project": p, "r": r})
    counts = {k: sum(1 for row in rows if row["r"]["overall_rag"] == k) for k in ("green", "amber", "red")}
    counts["none"] = len(rows) - sum(counts.values())
    bac = sum((row["r"]["bac"] or 0) for row in rows)
    eac = sum((row["r"]["eac"] if row["r"]["eac"] is not None else (row["r"]["bac"] or 0)) for row in rows)
    quadrant_points = [
        {
            "code": row["project"].code,
            "name": row["project"].name,
            "spi": row["r"]["spi"],
            "cpi": row["r"]["cpi"],
            "overall_rag": row["r"]["overall_rag"],
            "baseline__bac": row["r"]["bac"],
        }
        for row in rows
        if row["r"]["spi"] is not None and row["r"]["cpi"] is not None
    ]
    budget_rows = sorted(
        (
            {
                "code": row["project"].code,
                "name": row["project"].name,
                "baseline__bac": row["r"]["bac"],
                "eac": row["r"]["eac"],
                "overall_rag": row["r"]["overall_rag"],
            }
            for row in rows
            if row["r"]["bac"]
        ),
        key=lambda x: -((x["eac"] if x["eac"] is not None else x["baseline__bac"]) - x["baseline__bac"]),
    )[:15]
    trend = list(
        StatusReport.objects.filter(
            project__in=run.scope_project_ids, state__in=FINAL_REPORT_STATES, week__lte=last_week
        )
        .order_by()
        .values("week")
        .annotate(
            green=_count(Q(overall_rag="green")), amber=_count(Q(overall_rag="amber")), red=_count(Q(overall_rag="red"))
        )
        .order_by("-week")[:26]
    )
    trend.reverse()
    return {
        "rows": rows,
        "counts": counts,
        "totals": {"bac": bac, "eac": eac, "vac": bac - eac},
        "figures": {
            "quadrant": portfolio_charts.quadrant(quadrant_points),
            "budget": portfolio_charts.budget_vs_eac(budget_rows),
            "trend": portfolio_charts.rag_trend(trend),
        },
    }


def _count(condition=None):
    from django.db.models import Count

    return Count("pk", filter=condition)


_RANKS = {"green": 1, "amber": 2, "red": 3}


def _rank(value) -> int:
    return _RANKS.get(value or "", 0)
