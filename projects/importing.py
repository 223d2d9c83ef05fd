"""Reading and checking an uploaded spreadsheet of projects or milestones. Nothing here writes to the database.

The flow is

1. ``read_upload(kind, uploaded_file)`` reads an .xlsx (openpyxl) or .csv (UTF-8, UTF-8 with BOM, Shift_JIS/cp932)
   into a ``Sheet``: the header row mapped onto our column keys (English keys and Japanese headers are aliases) and
   every non-blank data row as plain strings. Problems with the file as a whole (not a spreadsheet, too big, too
   many rows, a required column missing) raise ``ImportFileError``.
2. ``validate(sheet, user)`` checks every row against the database and the user's permissions and returns a
   ``Validation``: per row the cleaned values (model instances, dates, decimals) or the errors, each naming the row
   number as the spreadsheet shows it, the column as written in the file, and why.

A ``Sheet`` holds only strings, so it round-trips through JSON (``to_json`` / ``from_json``): the page keeps it in
the session between the preview and the confirmation and validates it again on confirm, because the database may
have changed in between. The write itself is ``projects.services.imports``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import roles
from projects import permissions
from projects.models import Milestone, OrgUnit, Phase, Program, Project, ProjectState, ProjectType
from projects.models.project import Baseline

logger = logging.getLogger(__name__)

PROJECTS = "projects"
MILESTONES = "milestones"
KIND_CHOICES = [(PROJECTS, gettext_lazy("Projects")), (MILESTONES, gettext_lazy("Milestones"))]
KINDS = (PROJECTS, MILESTONES)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
_MAX_COLUMNS = 64
_MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# Excel often leaves formatted but empty rows below the data: stop reading after this many blank rows in a row.
_MAX_BLANK_RUN = 5000

_BAC_MAX_DIGITS = Baseline._meta.get_field("bac").max_digits
_CODE_RE = re.compile(r"^[^\s/\\?#%]+$")
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:0{2}(?::0{2}(?:\.0+)?)?)?$"
)
_TRUE = {"true", "1", "yes", "y", "はい", "○", "〇", "有", "あり", "t"}
_FALSE = {"false", "0", "no", "n", "いいえ", "×", "無", "なし", "f", ""}


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
        ("組織コード", "org_unit_code", "部署"),
        True,
        gettext_lazy("Code of an existing org unit."),
    ),
    Column(
        "program",
        gettext_lazy("program"),
        "プログラム",
        ("プログラムコード", "program_code"),
        False,
        gettext_lazy("Code of an existing program (optional)."),
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

COLUMNS: dict[str, tuple[Column, ...]] = {PROJECTS: PROJECT_COLUMNS, MILESTONES: MILESTONE_COLUMNS}
CHOICE_COLUMNS: dict[str, type[models.TextChoices]] = {
    "project_type": ProjectType,
    "state": ProjectState,
    "phase": Phase,
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``messages`` say why (translated)."""

    def __init__(self, *messages: str):
        self.messages = [str(m) for m in messages]
        super().__init__("; ".join(self.messages))


@dataclass
class Sheet:
    """The rows of an uploaded file as strings, keyed by column key. ``number`` is the spreadsheet row number."""

    kind: str
    filename: str
    headers: dict[str, str]  # column key → header as written in the file
    rows: list[tuple[int, dict[str, str]]]
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[Column]:
        """The known columns present in the file, in our order."""
        return [c for c in COLUMNS[self.kind] if c.key in self.headers]

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "headers": self.headers,
            "rows": [[n, values] for n, values in self.rows],
            "ignored_headers": self.ignored_headers,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Sheet:
        if data.get("kind") not in KINDS:
            raise ValueError("unknown import kind")
        return cls(
            kind=data["kind"],
            filename=str(data.get("filename", "")),
            headers={str(k): str(v) for k, v in data["headers"].items()},
            rows=[(int(n), {str(k): str(v) for k, v in values.items()}) for n, values in data["rows"]],
            ignored_headers=[str(h) for h in data.get("ignored_headers", [])],
        )


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # column key ("" for the row as a whole)
    header: str  # the column as written in the file
    message: str


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    cleaned: dict[str, Any] | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def error_columns(self) -> set[str]:
        return {e.column for e in self.errors}


@dataclass
class Validation:
    sheet: Sheet
    rows: list[CheckedRow]

    @property
    def errors(self) -> list[RowError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_row_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def cleaned(self) -> list[dict[str, Any]]:
        return [r.cleaned for r in self.rows if r.cleaned is not None]


# --- Reading --------------------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """A header or choice as compared: NFKC (full-width → half-width), case-folded, spaces and hyphens as ``_``."""
    text = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return re.sub(r"[\s\-]+", "_", text)


def _cell_text(value: Any) -> str:
    """A cell's value as the text the validators read (xlsx numbers, dates and booleans included)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    if unpacked > _MAX_UNPACKED_BYTES:  # a "zip bomb", or a workbook far beyond MAX_ROWS
        raise ImportFileError(
            _("The workbook is too large; the limit is %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a corrupt or foreign zip
        logger.info("unreadable xlsx upload: %r", exc)
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        grid: list[tuple[int, list[str]]] = []
        data_rows = 0
        blank_run = 0
        for number, row in enumerate(sheet.iter_rows(max_col=_MAX_COLUMNS, values_only=True), start=1):
            texts = [_cell_text(v) for v in row]
            if not any(texts):
                blank_run += 1
                if blank_run > _MAX_BLANK_RUN:
                    break
                continue
            blank_run = 0
            grid.append((number, texts))
            data_rows += 1
            if data_rows > MAX_ROWS + 1:  # the header plus one row too many is enough to refuse
                break
        return grid
    except ImportFileError:
        raise
    except Exception as exc:
        logger.info("unreadable xlsx upload: %r", exc)
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
    finally:
        workbook.close()


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Shift_JIS/cp932 as Japanese Excel saves CSV."""
    encodings = ("utf-8-sig",) if data.startswith(b"\xef\xbb\xbf") else ("utf-8", "cp932")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportFileError(_("The CSV file must be encoded in UTF-8 or Shift_JIS (cp932)."))


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    text = decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    grid: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            texts = [cell.strip() for cell in row[:_MAX_COLUMNS]]
            if not any(texts):
                continue
            grid.append((number, texts))
            if len(grid) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file could not be read: %(reason)s") % {"reason": exc}) from exc
    return grid


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


def read_upload(kind: str, uploaded) -> Sheet:
    """Read an uploaded file (a Django ``UploadedFile``) into a ``Sheet``; ``ImportFileError`` if it cannot be."""
    if kind not in KINDS:
        raise ImportFileError(_("Choose what to import."))
    size = getattr(uploaded, "size", None) or 0
    if size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    name = str(getattr(uploaded, "name", "") or "")
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("The file is too large; the limit is %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not data:
        raise ImportFileError(_("The file is empty."))
    lower = name.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0") or lower.endswith(".xls"):
        raise ImportFileError(_("Old .xls workbooks are not supported: save the file as .xlsx or .csv."))
    if lower.endswith((".xlsx", ".xlsm")) or (zipfile.is_zipfile(io.BytesIO(data)) and not lower.endswith(".csv")):
        grid = _read_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        grid = _read_csv(data)
    else:
        raise ImportFileError(_("Upload an .xlsx or .csv file."))
    return _sheet_from_grid(kind, name, grid)


def _sheet_from_grid(kind: str, filename: str, grid: list[tuple[int, list[str]]]) -> Sheet:
    if not grid:
        raise ImportFileError(_("The file is empty."))
    _header_number, header_cells = grid[0]
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    duplicated: list[str] = []
    for position, cell in enumerate(header_cells):
        if not cell:
            continue
        key = header_key(kind, cell)
        if key is None:
            ignored.append(cell)
        elif key in positions:
            duplicated.append(cell)
        else:
            positions[key] = position
            headers[key] = cell
    problems = []
    missing = [c for c in COLUMNS[kind] if c.required and c.key not in positions]
    if missing:
        problems.append(
            ngettext(
                "A required column is missing: %(columns)s. The first row must hold the column headers.",
                "Required columns are missing: %(columns)s. The first row must hold the column headers.",
                len(missing),
            )
            % {"columns": ", ".join(c.key for c in missing)}
        )
    if duplicated:
        problems.append(_("These columns appear more than once: %(columns)s.") % {"columns": ", ".join(duplicated)})
    if problems:
        raise ImportFileError(*problems)
    data_rows = grid[1:]
    if not data_rows:
        raise ImportFileError(_("The file has a header row but no data rows."))
    if len(data_rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s data rows; split it into smaller files.") % {"max": MAX_ROWS}
        )
    rows = []
    for number, cells in data_rows:
        values = {key: (cells[pos] if pos < len(cells) else "") for key, pos in positions.items()}
        rows.append((number, values))
    return Sheet(kind=kind, filename=filename, headers=headers, rows=rows, ignored_headers=ignored)


# --- Cell parsers: each returns the value or raises _CellError with a translated message ---------------------------


class _CellError(Exception):
    pass


def parse_date(text: str) -> dt.date:
    match = _DATE_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        raise _CellError(_("must be a date written YYYY-MM-DD or YYYY/MM/DD"))
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise _CellError(_("is not a valid date")) from exc


def parse_bool(text: str) -> bool:
    value = normalise(text)
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _CellError(_("must be true or false (1/0, はい/いいえ)"))


def parse_whole_money(text: str) -> Decimal:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("¥", "").replace("円", "").strip()
    if not re.fullmatch(r"\d+(?:\.0*)?", cleaned):
        raise _CellError(_("must be a non-negative whole number"))
    value = Decimal(cleaned).to_integral_value()
    if len(str(value)) > _BAC_MAX_DIGITS:
        raise _CellError(_("is too large (at most %(digits)s digits)") % {"digits": _BAC_MAX_DIGITS})
    return value


def parse_weight(text: str) -> Decimal:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise _CellError(_("must be a non-negative number")) from exc
    if not value.is_finite() or value < 0:
        raise _CellError(_("must be a non-negative number"))
    if value >= Decimal("10000"):
        raise _CellError(_("must be less than 10000"))
    rounded = value.quantize(Decimal("0.01"))
    if rounded != value:
        raise _CellError(_("may have at most 2 decimal places"))
    return rounded


def _choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in choices.choices:
        table[normalise(value)] = value
        for language in ("en", "ja"):
            with translation.override(language):
                table.setdefault(normalise(str(label)), value)
    return table


def parse_choice(text: str, choices: type[models.TextChoices]) -> str:
    value = _choice_table(choices).get(normalise(text))
    if value is None:
        raise _CellError(_("must be one of: %(choices)s") % {"choices": ", ".join(choices.values)})
    return value


def _text(text: str, max_length: int) -> str:
    if len(text) > max_length:
        raise _CellError(_("is too long (at most %(max)s characters)") % {"max": max_length})
    return text


# --- Validation -----------------------------------------------------------------------------------------------------


class _RowChecker:
    """Collects the errors of one row while parsing its cells."""

    def __init__(self, sheet: Sheet, number: int, values: dict[str, str]):
        self.sheet = sheet
        self.row = CheckedRow(number=number, values=values)

    def error(self, key: str, message: str) -> None:
        header = self.sheet.headers.get(key, key)
        self.row.errors.append(RowError(row=self.row.number, column=key, header=header, message=str(message)))

    def raw(self, key: str) -> str:
        return self.row.values.get(key, "").strip()

    def cell(self, key: str, parser, *, required: bool = False, default: Any = None) -> Any:
        """Parse one cell; blank → ``default`` (or a 'required' error). Errors are recorded, None returned."""
        text = self.raw(key)
        if not text:
            if required:
                self.error(key, _("is required"))
            return default
        try:
            return parser(text)
        except _CellError as exc:
            self.error(key, str(exc))
            return None


def validate(sheet: Sheet, user) -> Validation:
    """Check every row of ``sheet`` for ``user``. A fixed number of queries, however many rows."""
    rows = _validate_projects(sheet, user) if sheet.kind == PROJECTS else _validate_milestones(sheet, user)
    return Validation(sheet=sheet, rows=rows)


def _validate_projects(sheet: Sheet, user) -> list[CheckedRow]:
    User = get_user_model()
    values = [v for _n, v in sheet.rows]
    codes_in_file = Counter(v.get("code", "").strip() for v in values if v.get("code", "").strip())
    existing_codes = set(Project.objects.filter(code__in=list(codes_in_file)).values_list("code", flat=True))
    org_units = {o.code: o for o in OrgUnit.objects.filter(code__in={v.get("org_unit", "").strip() for v in values})}
    programs = {p.code: p for p in Program.objects.filter(code__in={v.get("program", "").strip() for v in values})}
    usernames = {v.get(k, "").strip() for v in values for k in ("pm", "deputy_pm")} - {""}
    users = {u.username: u for u in User.objects.filter(username__in=usernames, is_active=True)}
    pm_role = set(User.objects.filter(username__in=usernames, groups__name=roles.PM).values_list("username", flat=True))
    is_pmo = roles.is_pmo(user)
    max_len = {f: Project._meta.get_field(f).max_length for f in ("code", "name", "customer", "sponsor")}

    checked = []
    for number, row_values in sheet.rows:
        c = _RowChecker(sheet, number, row_values)

        code = c.cell("code", lambda t: _text(t, max_len["code"]), required=True)
        if code:
            if not _CODE_RE.match(code):
                c.error("code", _("may not contain spaces or the characters / \\ ? # %"))
            elif codes_in_file[code] > 1:
                others = [str(n) for n, v in sheet.rows if v.get("code", "").strip() == code and n != number]
                c.error(
                    "code", _("appears more than once in this file (also row %(rows)s)") % {"rows": ", ".join(others)}
                )
            elif code in existing_codes:
                c.error("code", _("a project with this code already exists"))
        name = c.cell("name", lambda t: _text(t, max_len["name"]), required=True)

        def lookup(table: dict, message: str):
            def parse(text: str):
                if text not in table:
                    raise _CellError(message)
                return table[text]

            return parse

        org_unit = c.cell("org_unit", lookup(org_units, _("no org unit has this code")), required=True)
        program = c.cell("program", lookup(programs, _("no program has this code")))

        def person(text: str):
            if text not in users:
                raise _CellError(_("no active user has this username"))
            return users[text]

        pm = c.cell("pm", person, required=True)
        if pm is not None and pm.username not in pm_role:
            c.error("pm", _("this user does not hold the PM role"))
            pm = None
        deputy = c.cell("deputy_pm", person)
        if pm is not None and deputy is not None and pm.pk == deputy.pk:
            c.error("deputy_pm", _("must differ from the PM"))
        managers = {getattr(pm, "pk", None), getattr(deputy, "pk", None)}
        if not is_pmo and "pm" not in c.row.error_columns and user.pk not in managers:
            c.error("pm", _("you may import only projects of which you are the PM or deputy PM"))

        project_type = c.cell(
            "project_type", lambda t: parse_choice(t, ProjectType), default=ProjectType.SYSTEM_DEVELOPMENT
        )
        state = c.cell("state", lambda t: parse_choice(t, ProjectState), default=ProjectState.PROPOSED)
        phase = c.cell("phase", lambda t: parse_choice(t, Phase), default=Phase.INITIATION)
        confidential = c.cell("confidential", parse_bool, default=False)
        customer = c.cell("customer", lambda t: _text(t, max_len["customer"]), default="")
        sponsor = c.cell("sponsor", lambda t: _text(t, max_len["sponsor"]), default="")
        description = c.raw("description")
        start = c.cell("planned_start", parse_date, required=True)
        end = c.cell("planned_end", parse_date, required=True)
        if start and end and end < start:
            c.error("planned_end", _("must not be before the planned start (%(start)s)") % {"start": start.isoformat()})
        bac = c.cell("bac", parse_whole_money, required=True)

        if not c.row.errors:
            c.row.cleaned = {
                "data": {
                    "code": code,
                    "name": name,
                    "description": description,
                    "org_unit": org_unit,
                    "program": program,
                    "pm": pm,
                    "deputy_pm": deputy,
                    "sponsor": sponsor,
                    "customer": customer,
                    "project_type": project_type,
                    "state": state,
                    "phase": phase,
                    "confidential": confidential,
                },
                "baseline": {"planned_start": start, "planned_end": end, "bac": bac},
            }
        checked.append(c.row)
    return checked


def _validate_milestones(sheet: Sheet, user) -> list[CheckedRow]:
    codes = {v.get("project", "").strip() for _n, v in sheet.rows} - {""}
    # Only projects the user may see: a confidential project of someone else reads as unknown.
    projects = {p.code: p for p in permissions.visible_projects(user).filter(code__in=codes)}
    name_max = Milestone._meta.get_field("name").max_length

    checked = []
    for number, row_values in sheet.rows:
        c = _RowChecker(sheet, number, row_values)

        def project_of(text: str) -> Project:
            project = projects.get(text)
            if project is None:
                raise _CellError(_("no project has this code"))
            if not permissions.can_manage_project(user, project):
                raise _CellError(_("you may not manage this project"))
            return project

        project = c.cell("project", project_of, required=True)
        name = c.cell("name", lambda t: _text(t, name_max), required=True)
        phase = c.cell("phase", lambda t: parse_choice(t, Phase), default="")
        baseline_date = c.cell("baseline_date", parse_date, required=True)
        forecast_date = c.cell("forecast_date", parse_date)
        actual_date = c.cell("actual_date", parse_date)
        weight = c.cell("weight", parse_weight, default=Decimal(1))
        is_phase_gate = c.cell("is_phase_gate", parse_bool, default=False)

        if not c.row.errors:
            c.row.cleaned = {
                "project": project,
                "data": {
                    "name": name,
                    "phase": phase,
                    "baseline_date": baseline_date,
                    "forecast_date": forecast_date,
                    "actual_date": actual_date,
                    "weight": weight,
                    "is_phase_gate": is_phase_gate,
                },
            }
        checked.append(c.row)
    return checked


# --- Sample files ---------------------------------------------------------------------------------------------------


def sample_rows(kind: str, user) -> list[dict[str, Any]]:
    """Two realistic example rows, referring to the user's own data where it exists so that the sample validates."""
    if kind == PROJECTS:
        org_code = OrgUnit.objects.order_by("code").values_list("code", flat=True).first() or "DIV-SI"
        if roles.is_pm(user):
            pm_name = user.username
        else:
            pm_name = (
                get_user_model()
                .objects.filter(groups__name=roles.PM, is_active=True)
                .order_by("username")
                .values_list("username", flat=True)
                .first()
                or "pm1"
            )
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
    codes = list(permissions.editable_projects(user).order_by("code").values_list("code", flat=True)[:2])
    first = codes[0] if codes else "PRJ-2026-901"
    second = codes[1] if len(codes) > 1 else first
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
    return str(value)


def sample_csv(kind: str, user, language: str) -> bytes:
    """The sample as CSV: UTF-8 with a BOM, which Excel opens with the Japanese text intact."""
    columns = COLUMNS[kind]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header(language) for c in columns])
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
        sheet.append([row.get(c.key) if row.get(c.key) is not None else None for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 16 if column.key not in ("name", "description") else 32
        if column.key.endswith(("_date", "start", "end")) or column.key in ("planned_start", "planned_end"):
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
        if column.key == "bac":
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
            help_sheet.append([column.header(language), _("yes") if column.required else "", description])
        help_sheet.column_dimensions["A"].width = 18
        help_sheet.column_dimensions["C"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
