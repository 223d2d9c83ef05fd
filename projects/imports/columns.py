"""What can be imported and the columns of each kind: keys, headers (English keys, Japanese headers, aliases), help."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy

from projects.imports.cells import normalise
from projects.models import Phase, ProjectState, ProjectType

PROJECTS = "projects"
MILESTONES = "milestones"
COSTS = "costs"
QUALITY = "quality"
KIND_CHOICES = [
    (PROJECTS, gettext_lazy("Projects")),
    (MILESTONES, gettext_lazy("Milestones")),
    (COSTS, gettext_lazy("Monthly costs (plan and actual)")),
    (QUALITY, gettext_lazy("Weekly quality records")),
]
KINDS = (PROJECTS, MILESTONES, COSTS, QUALITY, "allocations")  # allocations: see projects/imports/allocations.py


@dataclass(frozen=True)
class Column:
    """One column of an import file. ``aliases`` are accepted headers besides the key and the field's label."""

    key: str
    label: Any  # lazy translation, shown in help and the sample's Japanese header
    ja_header: str  # the header the Japanese sample file uses
    aliases: tuple[str, ...] = ()
    required: bool = False  # the column must be present (and, for most, filled)
    help: Any = ""

    def header(self, language: str) -> str:
        return self.ja_header if language == "ja" else self.key


PROJECT_COLUMNS: tuple[Column, ...] = (
    Column(
        "code",
        gettext_lazy("code"),
        "コード",
        ("プロジェクトコード", "project_code"),
        True,
        gettext_lazy("Unique project code, e.g. PRJ-2026-101."),
    ),
    Column("name", gettext_lazy("name"), "プロジェクト名", ("名称", "名前", "project_name"), True),
    Column(
        "org_unit",
        gettext_lazy("org unit"),
        "組織",
        ("組織コード", "組織名", "org_unit_code", "org_unit_name", "部署"),
        True,
        gettext_lazy("Code (as shown where org units are chosen) or name of an existing org unit."),
    ),
    Column(
        "program",
        gettext_lazy("program"),
        "プログラム",
        ("プログラムコード", "プログラム名", "program_code", "program_name"),
        False,
        gettext_lazy("Code or name of an existing program (optional)."),
    ),
    Column(
        "pm",
        gettext_lazy("PM"),
        "PM",
        ("プロジェクトマネージャー", "プロジェクトマネージャ", "pm_username"),
        True,
        gettext_lazy("Username of a user with the PM role."),
    ),
    Column(
        "deputy_pm",
        gettext_lazy("deputy PM"),
        "副PM",
        ("サブpm", "deputy"),
        False,
        gettext_lazy("Username (optional)."),
    ),
    Column("project_type", gettext_lazy("project type"), "種別", ("プロジェクト種別", "type"), False),
    Column("state", gettext_lazy("state"), "状態", ("ステータス",), False),
    Column("phase", gettext_lazy("phase"), "フェーズ", ("工程",), False),
    Column(
        "confidential",
        gettext_lazy("confidential"),
        "機密",
        ("機密区分",),
        False,
        gettext_lazy("true/false, 1/0, はい/いいえ (blank = false)."),
    ),
    Column("customer", gettext_lazy("customer"), "顧客", ("顧客名",), False),
    Column("sponsor", gettext_lazy("sponsor"), "スポンサー", (), False),
    Column(
        "planned_start",
        gettext_lazy("planned start"),
        "計画開始",
        ("開始予定日", "計画開始日", "start"),
        True,
        gettext_lazy("Date: YYYY-MM-DD or YYYY/MM/DD."),
    ),
    Column(
        "planned_end",
        gettext_lazy("planned end"),
        "計画終了",
        ("終了予定日", "計画終了日", "end"),
        True,
        gettext_lazy("Date, not before the planned start."),
    ),
    Column(
        "bac",
        gettext_lazy("budget at completion (BAC)"),
        "予算",
        ("budget", "予算額", "総予算"),
        True,
        gettext_lazy("Non-negative whole number (yen)."),
    ),
    Column("description", gettext_lazy("description"), "説明", ("概要", "備考"), False),
)

MILESTONE_COLUMNS: tuple[Column, ...] = (
    Column(
        "project",
        gettext_lazy("project"),
        "プロジェクト",
        ("プロジェクトコード", "project_code", "コード", "code"),
        True,
        gettext_lazy("Code of a project you manage."),
    ),
    Column("name", gettext_lazy("name"), "マイルストーン名", ("マイルストーン", "名称", "milestone"), True),
    Column("phase", gettext_lazy("phase"), "フェーズ", ("工程",), False),
    Column(
        "baseline_date",
        gettext_lazy("baseline date"),
        "基準日",
        ("ベースライン日", "計画日", "基準予定日"),
        True,
        gettext_lazy("Date: YYYY-MM-DD or YYYY/MM/DD."),
    ),
    Column("forecast_date", gettext_lazy("forecast date"), "予測日", ("見込日", "見込み日"), False),
    Column("actual_date", gettext_lazy("actual date"), "実績日", ("完了日",), False),
    Column(
        "weight",
        gettext_lazy("weight"),
        "重み",
        ("ウェイト", "重み付け"),
        False,
        gettext_lazy("Non-negative number (blank = 1)."),
    ),
    Column(
        "is_phase_gate",
        gettext_lazy("phase gate"),
        "フェーズゲート",
        ("phase_gate", "ゲート"),
        False,
        gettext_lazy("true/false, 1/0, はい/いいえ (blank = false)."),
    ),
)

_PROJECT_OF_ROW = Column(
    "project",
    gettext_lazy("project"),
    "プロジェクト",
    ("プロジェクトコード", "project_code", "コード", "code"),
    True,
    gettext_lazy("Code of a project you manage."),
)

COST_COLUMNS: tuple[Column, ...] = (
    _PROJECT_OF_ROW,
    Column("month", gettext_lazy("month"), "年月", ("月", "対象月"), True, gettext_lazy("Month: YYYY-MM.")),
    Column(
        "planned_cost",
        gettext_lazy("planned cost"),
        "計画コスト",
        ("計画", "計画額", "pv"),
        False,
        gettext_lazy("Non-negative whole number (yen); blank = leave the month's plan as it is."),
    ),
    Column(
        "actual_cost",
        gettext_lazy("actual cost"),
        "実績コスト",
        ("実績", "実績額", "ac"),
        False,
        gettext_lazy("Non-negative whole number (yen); blank = leave the month's actual as it is."),
    ),
)

_COUNT_HELP = gettext_lazy("Non-negative whole number (blank = 0).")
QUALITY_COLUMNS: tuple[Column, ...] = (
    _PROJECT_OF_ROW,
    Column("week", gettext_lazy("week"), "週", ("対象週", "iso_week"), True, gettext_lazy("ISO week: YYYY-Www.")),
    Column("defects_found", gettext_lazy("defects found"), "検出欠陥数", ("検出数",), False, _COUNT_HELP),
    Column("defects_fixed", gettext_lazy("defects fixed"), "修正欠陥数", ("修正数",), False, _COUNT_HELP),
    Column("defects_open", gettext_lazy("open defects"), "未解決欠陥数", ("未解決数", "残欠陥数"), False, _COUNT_HELP),
    Column("tests_planned", gettext_lazy("tests planned"), "テスト計画数", ("計画テスト数",), False, _COUNT_HELP),
    Column("tests_run", gettext_lazy("tests run"), "テスト実施数", ("実施数",), False, _COUNT_HELP),
    Column("tests_passed", gettext_lazy("tests passed"), "テスト合格数", ("合格数",), False, _COUNT_HELP),
    Column("review_findings", gettext_lazy("review findings"), "レビュー指摘数", ("指摘数",), False, _COUNT_HELP),
)

COLUMNS: dict[str, tuple[Column, ...]] = {
    PROJECTS: PROJECT_COLUMNS,
    MILESTONES: MILESTONE_COLUMNS,
    COSTS: COST_COLUMNS,
    QUALITY: QUALITY_COLUMNS,
}
CHOICE_COLUMNS: dict[str, type[models.TextChoices]] = {
    "project_type": ProjectType,
    "state": ProjectState,
    "phase": Phase,
}


def header_key(kind: str, header: str) -> str | None:
    """The column key a header stands for, or None. Accepts keys, listed aliases and the field label (en, ja)."""
    wanted = normalise(header).rstrip("*").strip("_")
    candidates = [wanted]
    stripped = re.sub(r"_*\(.*\)$", "", wanted)  # "org_unit (code)" → "org_unit", "予算(円)" → "予算"
    if stripped and stripped != wanted:
        candidates.append(stripped)
    table = _header_table(kind)
    for candidate in candidates:
        if candidate in table:
            return table[candidate]
    return None


def _header_table(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in COLUMNS[kind]:
        names = [column.key, column.ja_header, *column.aliases]
        for language in ("en", "ja"):
            with translation.override(language):
                names.append(str(column.label))
        for name in names:
            table.setdefault(normalise(name), column.key)
    return table
