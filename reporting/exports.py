"""The portfolio export (xlsx, csv): the dashboard's table with its filters and sort, every row (no pagination),
written by ``projects.exports`` (UTF-8 BOM csv; formula-like text neutralised)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.people import display_name
from projects.exports import Column
from reporting.selectors import portfolio


def _rag(value) -> str:
    from projects.models import Rag

    return str(Rag(value).label) if value in Rag.values else ""


COLUMNS = [
    Column(_("Code"), lambda p: p.code),
    Column(_("Name"), lambda p: p.name),
    Column(_("Org unit"), lambda p: p.org_unit.name),
    Column(_("Program"), lambda p: p.program.name if p.program_id else ""),
    Column(_("PM"), lambda p: display_name(p.pm)),
    Column(_("Phase"), lambda p: p.get_phase_display()),
    Column(_("State"), lambda p: p.get_state_display()),
    Column(_("Overall"), lambda p: _rag(p.overall_rag)),
    Column(_("Suggested"), lambda p: _rag(p.suggested_rag)),
    Column(_("RAG overridden"), lambda p: portfolio.is_watermelon(p)),
    Column(_("Schedule"), lambda p: _rag(p.snapshot_schedule_rag)),
    Column(_("Cost"), lambda p: _rag(p.snapshot_cost_rag)),
    Column(_("Quality"), lambda p: _rag(p.snapshot_quality_rag)),
    Column("SPI", lambda p: p.spi),
    Column("CPI", lambda p: p.cpi),
    Column(_("BAC (yen)"), lambda p: p.baseline.bac if p.baseline_id else None),
    Column(_("EAC (yen)"), lambda p: p.eac),
    Column(_("VAC (yen)"), lambda p: p.vac),
    Column(_("Progress (%)"), lambda p: p.percent_complete),
    Column(_("Next milestone"), lambda p: p.next_milestone_name),
    Column(_("Next milestone date"), lambda p: p.next_milestone_date),
    Column(_("Days of slip"), lambda p: p.max_slip_days),
    Column(_("High risks"), lambda p: p.high_risks),
    Column(_("Open escalation"), lambda p: bool(p.escalated)),
    Column(_("Last report"), lambda p: p.last_report_week),
    Column(_("Stale report"), lambda p: portfolio.is_stale(p)),
]
