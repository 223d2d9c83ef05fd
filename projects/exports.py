"""Spreadsheet exports (xlsx and csv) of the project list and the cross-project item lists.

The views pass the rows they would show (the user's visible, filtered queryset); this module only writes them:
headers in the active language, a csv in UTF-8 with a BOM (Excel then opens Japanese correctly), and every text cell
that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, or a tab / carriage return first) neutralised
with a leading apostrophe.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.people import display_name

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
#: A text cell starting with one of these is a formula (or DDE payload) to a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: The most rows one export writes (a larger result is cut: the user narrows the filters).
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Column:
    label: Any  # a lazy translation, rendered in the active language
    value: Callable[[Any], Any]


def neutralise(value: Any) -> Any:
    """``value`` as a cell: text that a spreadsheet would evaluate gets a leading apostrophe; numbers and dates stay."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return neutralise(str(value))


def rows_of(columns: list[Column], objects: Iterable[Any]) -> list[list[Any]]:
    return [[_cell(column.value(obj)) for column in columns] for obj in objects]


def _csv_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(title: str, headers: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31] or "Sheet1"
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    for position, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(10, min(40, len(header) * 2 + 2))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(fmt: str, name: str, columns: list[Column], objects: Iterable[Any]) -> HttpResponse:
    """The download of ``objects`` as ``fmt`` (``xlsx`` or ``csv``), named ``<name>-<date>.<fmt>``."""
    headers = [str(column.label) for column in columns]
    rows = rows_of(columns, objects)
    body = write_xlsx(name, headers, rows) if fmt == "xlsx" else write_csv(headers, rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- What each list exports ---------------------------------------------------------------------------------------


def _person(user) -> str:
    return display_name(user) if user is not None else ""


def _days(duration) -> int | None:
    return duration.days if duration is not None else None


PROJECT_COLUMNS = [
    Column(_("Code"), lambda p: p.code),
    Column(_("Name"), lambda p: p.name),
    Column(_("Confidential"), lambda p: p.confidential),
    Column(_("Org unit"), lambda p: p.org_unit.name if p.org_unit_id else ""),
    Column(_("Program"), lambda p: p.program.name if p.program_id else ""),
    Column(_("PM"), lambda p: _person(p.pm)),
    Column(_("Phase"), lambda p: p.get_phase_display()),
    Column(_("State"), lambda p: p.get_state_display()),
    Column(_("Overall"), lambda p: p.get_overall_rag_display()),
    Column(_("Quality"), lambda p: p.get_snapshot_quality_rag_display()),
    Column(_("Cost"), lambda p: p.get_snapshot_cost_rag_display()),
    Column(_("Schedule"), lambda p: p.get_snapshot_schedule_rag_display()),
    Column(_("Progress (%)"), lambda p: p.percent_complete),
    Column(_("SPI"), lambda p: p.spi),
    Column(_("CPI"), lambda p: p.cpi),
    Column(_("EAC"), lambda p: p.eac),
    Column(_("BAC"), lambda p: p.baseline.bac if p.baseline_id else None),
    Column(_("Next milestone"), lambda p: p.next_milestone_name),
    Column(_("Next milestone date"), lambda p: p.next_milestone_date),
    Column(_("Days of slip"), lambda p: p.max_slip_days),
    Column(_("Last report"), lambda p: p.last_report_week),
]

ISSUE_COLUMNS = [
    Column(_("Project code"), lambda i: i.project.code),
    Column(_("Project"), lambda i: i.project.name),
    Column(_("Org unit"), lambda i: i.project.org_unit.name if i.project.org_unit_id else ""),
    Column(_("Title"), lambda i: i.title),
    Column(_("Priority"), lambda i: i.get_priority_display()),
    Column(_("Status"), lambda i: i.get_status_display()),
    Column(_("Escalation level"), lambda i: i.get_escalation_level_display()),
    Column(_("Owner"), lambda i: _person(i.owner)),
    Column(_("Raised on"), lambda i: i.raised_on),
    Column(_("Due date"), lambda i: i.due_date),
    Column(_("Overdue"), lambda i: i.is_overdue),
    Column(_("Resolved on"), lambda i: i.resolved_on),
    Column(_("Description"), lambda i: i.description),
    Column(_("Resolution"), lambda i: i.resolution),
]

RISK_COLUMNS = [
    Column(_("Project code"), lambda r: r.project.code),
    Column(_("Project"), lambda r: r.project.name),
    Column(_("Org unit"), lambda r: r.project.org_unit.name if r.project.org_unit_id else ""),
    Column(_("Title"), lambda r: r.title),
    Column(_("Probability"), lambda r: r.probability),
    Column(_("Impact"), lambda r: r.impact),
    Column(_("Score"), lambda r: r.score),
    Column(_("Response"), lambda r: r.get_response_display()),
    Column(_("Status"), lambda r: r.get_status_display()),
    Column(_("Owner"), lambda r: _person(r.owner)),
    Column(_("Next review date"), lambda r: r.next_review_date),
    Column(_("Cause"), lambda r: r.cause),
    Column(_("Effect"), lambda r: r.effect),
    Column(_("Mitigation plan"), lambda r: r.mitigation_plan),
]

ACTION_COLUMNS = [
    Column(_("Project code"), lambda a: a.project.code),
    Column(_("Project"), lambda a: a.project.name),
    Column(_("Org unit"), lambda a: a.project.org_unit.name if a.project.org_unit_id else ""),
    Column(_("Title"), lambda a: a.title),
    Column(_("Meeting"), lambda a: a.meeting.title if a.meeting_id else ""),
    Column(_("Status"), lambda a: a.get_status_display()),
    Column(_("Owner"), lambda a: _person(a.owner)),
    Column(_("Due date"), lambda a: a.due_date),
]
