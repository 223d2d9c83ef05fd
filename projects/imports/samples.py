"""Sample files of each kind, generated for the user: two realistic rows naming data the user may use."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from core import roles
from projects.exports import neutralise
from projects.imports.columns import CHOICE_COLUMNS, COLUMNS, COSTS, PROJECTS, QUALITY
from projects.models import OrgUnit, Phase, Project, ProjectState, ProjectType
from projects.services.projects import pm_candidates


def sample_rows(kind: str, user) -> list[dict[str, Any]]:
    """Two realistic example rows, referring to the user's own data where it exists so that the sample validates."""
    if kind == PROJECTS:
        org_code = (
            OrgUnit.objects.restrict(user, "view").order_by("code").values_list("code", flat=True).first() or "DIV-SI"
        )
        if roles.is_pm(user):
            pm_name = user.username
        else:
            pm_name = pm_candidates().values_list("username", flat=True).first() or "pm1"
        return [
            {
                "code": "PRJ-2026-901",
                "name": "基幹会計システム刷新",
                "org_unit": org_code,
                "program": "",
                "pm": pm_name,
                "deputy_pm": "",
                "project_type": ProjectType.SYSTEM_DEVELOPMENT.value,
                "state": ProjectState.PROPOSED.value,
                "phase": Phase.INITIATION.value,
                "confidential": False,
                "customer": "社内（経理部）",
                "sponsor": "山田 太郎（CFO）",
                "planned_start": dt.date(2026, 4, 1),
                "planned_end": dt.date(2027, 3, 31),
                "bac": 120000000,
                "description": "オンプレミスの会計・購買システムをクラウドへ移行する。",
            },
            {
                "code": "PRJ-2026-902",
                "name": "物流倉庫ネットワーク更改",
                "org_unit": org_code,
                "program": "",
                "pm": pm_name,
                "deputy_pm": "",
                "project_type": ProjectType.INFRASTRUCTURE.value,
                "state": ProjectState.ACTIVE.value,
                "phase": Phase.DESIGN.value,
                "confidential": True,
                "customer": "東日本ロジスティクス株式会社",
                "sponsor": "佐藤 花子（物流本部長）",
                "planned_start": dt.date(2026, 6, 1),
                "planned_end": dt.date(2026, 12, 25),
                "bac": 45000000,
                "description": "倉庫 3 拠点の LAN / Wi-Fi を更改し、ハンディ端末の通信断をなくす。",
            },
        ]
    codes = list(Project.objects.restrict(user, "change").order_by("code").values_list("code", flat=True)[:2])
    first = codes[0] if codes else "PRJ-2026-901"
    second = codes[1] if len(codes) > 1 else first
    if kind == "allocations":
        from projects.imports.allocations import sample_rows as allocation_rows

        return allocation_rows(user)
    if kind == COSTS:
        return [
            {"project": first, "month": "2026-04", "planned_cost": 8000000, "actual_cost": 7650000},
            {"project": first, "month": "2026-05", "planned_cost": 9500000, "actual_cost": None},
        ]
    if kind == QUALITY:
        counts = ("defects_found", "defects_fixed", "defects_open", "tests_planned", "tests_run", "tests_passed")
        return [
            {
                "project": first,
                "week": "2026-W20",
                **dict(zip(counts, (12, 8, 4, 150, 140, 133), strict=True)),
                "review_findings": 6,
            },
            {
                "project": first,
                "week": "2026-W21",
                **dict(zip(counts, (9, 10, 3, 180, 176, 170), strict=True)),
                "review_findings": 4,
            },
        ]
    return [
        {
            "project": first,
            "name": "要件定義完了",
            "phase": Phase.REQUIREMENTS.value,
            "baseline_date": dt.date(2026, 6, 30),
            "forecast_date": dt.date(2026, 7, 10),
            "actual_date": None,
            "weight": 1,
            "is_phase_gate": True,
        },
        {
            "project": second,
            "name": "総合テスト完了",
            "phase": Phase.TEST.value,
            "baseline_date": dt.date(2026, 12, 15),
            "forecast_date": None,
            "actual_date": None,
            "weight": 2,
            "is_phase_gate": False,
        },
    ]


def _sample_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def _sample_cell(value: Any) -> Any:
    """A sample value as an xlsx cell: numbers, dates and booleans as such; text neutralised like the exports."""
    if value is None or isinstance(value, (bool, int, dt.date)):
        return value
    return neutralise(str(value))


def sample_csv(kind: str, user, language: str) -> bytes:
    """The sample as CSV: UTF-8 with a BOM, which Excel opens with the Japanese text intact."""
    columns = COLUMNS[kind]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c.header(language)) for c in columns])
    for row in sample_rows(kind, user):
        writer.writerow([_sample_text(row.get(c.key)) for c in columns])
    return out.getvalue().encode("utf-8-sig")


def sample_xlsx(kind: str, user, language: str) -> bytes:
    """The sample as a workbook: the data sheet first (the one imported), then a sheet describing each column."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    columns = COLUMNS[kind]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = kind
    sheet.append([c.header(language) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sample_rows(kind, user):
        sheet.append([_sample_cell(row.get(c.key)) for c in columns])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text (as the exports write)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 16 if column.key not in ("name", "description") else 32
        if column.key.endswith(("_date", "start", "end")) or column.key in ("planned_start", "planned_end"):
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
        if column.key in ("bac", "planned_cost", "actual_cost"):
            for cell in sheet[letter][1:]:
                cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"

    with translation.override(language):
        help_sheet = workbook.create_sheet(_("Columns")[:31])
        help_sheet.append([_("Column"), _("Required"), _("Description")])
        for cell in help_sheet[1]:
            cell.font = Font(bold=True)
        for column in columns:
            description = str(column.help or column.label)
            if column.key in CHOICE_COLUMNS:
                description = _("One of: %(choices)s") % {"choices": ", ".join(CHOICE_COLUMNS[column.key].values)}
            help_sheet.append(
                [neutralise(column.header(language)), _("yes") if column.required else "", neutralise(description)]
            )
        help_sheet.column_dimensions["A"].width = 18
        help_sheet.column_dimensions["C"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
