"""The cached EVM/RAG snapshot on ``Project``: the one write this module does, after any change to the figures.

The snapshot copies the latest report's figures; it never changes a report. When the latest report was judged
against an earlier baseline (a re-baseline was approved since), the project's SPI, CPI and EAC are computed again
against the current baseline from that report's progress and cost, so lists show the figures of the plan in force
while the report keeps the ones it was judged on. Every figure is fitted to its column (``evaluation.fit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from projects.evaluation import evaluate, fit_figures
from projects.models import Milestone, Project, ReportState, StatusReport

SNAPSHOT_FIELDS = [
    "percent_complete",
    "spi",
    "cpi",
    "eac",
    "overall_rag",
    "snapshot_schedule_rag",
    "snapshot_cost_rag",
    "snapshot_quality_rag",
    "snapshot_scope_rag",
    "last_report_week",
    "next_milestone_name",
    "next_milestone_date",
    "max_slip_days",
]


def refresh_project_snapshot(
    *, project: Project, milestones: Sequence[Milestone] | None = None, latest: StatusReport | None = None
) -> None:
    """Rewrite the project's cached latest figures (see ``Project``'s docstring).

    A caller that has read them already passes the project's ``milestones`` (all of them) and the ``latest``
    report (the latest submitted or reviewed one, e.g. the one it has just submitted); else they are read."""
    if latest is None:
        reports = StatusReport.objects.filter(project=project)
        latest = (
            reports.filter(state__in=[ReportState.SUBMITTED, ReportState.REVIEWED]).order_by("-week").first()
            or reports.order_by("-week").first()
        )
    if latest:
        project.percent_complete = latest.percent_complete
        spi, cpi, eac = latest.spi, latest.cpi, latest.eac
        baseline = project.baseline
        if baseline is not None and latest.baseline_number not in (None, baseline.number):
            result, _suggested = evaluate(
                project,
                week=latest.week,
                percent_complete=latest.percent_complete,
                actual_cost_to_date=latest.actual_cost_to_date,
            )
            spi, cpi, eac = result.spi, result.cpi, result.eac
        figures = fit_figures(Project, spi=spi, cpi=cpi, eac=eac)
        project.spi, project.cpi, project.eac = figures["spi"], figures["cpi"], figures["eac"]
        project.overall_rag = latest.overall_rag
        project.snapshot_schedule_rag = latest.schedule_rag
        project.snapshot_cost_rag = latest.cost_rag
        project.snapshot_quality_rag = latest.quality_rag
        project.snapshot_scope_rag = latest.scope_rag
        project.last_report_week = latest.week
    else:
        project.percent_complete = Decimal(0)
        project.spi = project.cpi = project.eac = None
        project.overall_rag = project.snapshot_schedule_rag = project.snapshot_cost_rag = ""
        project.snapshot_quality_rag = project.snapshot_scope_rag = project.last_report_week = ""
    if milestones is None:
        milestones = list(Milestone.objects.filter(project=project))
    upcoming = sorted((m for m in milestones if m.actual_date is None), key=lambda m: (m.current_date, m.pk))
    project.next_milestone_name = upcoming[0].name if upcoming else ""
    project.next_milestone_date = upcoming[0].current_date if upcoming else None
    project.max_slip_days = max([m.slip_days for m in milestones] + [0])
    Project.objects.filter(pk=project.pk).update(**{f: getattr(project, f) for f in SNAPSHOT_FIELDS})
