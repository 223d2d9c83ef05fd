"""Reading an uploaded .xlsx (openpyxl) or .csv (UTF-8, UTF-8 with BOM, Shift_JIS/cp932) into a ``Sheet``.

The header row is mapped onto our column keys (English keys and Japanese headers are aliases) and every non-blank
data row is kept as plain strings. Problems with the file as a whole (not a spreadsheet, too big, too many rows, a
required column missing) raise ``ImportFileError``. Nothing here reads the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.exports import FORMULA_PREFIXES
from projects.imports import guard
from projects.imports.columns import COLUMNS, KINDS, Column, header_key

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
_MAX_COLUMNS = 64
# Excel often leaves formatted but empty rows below the data: stop reading after this many blank rows in a row.
_MAX_BLANK_RUN = 5000
#: Hard caps of the work on one file, blank rows and cells included (``guard`` checks them before parsing an .xlsx;
#: the parsing stops at them too).
MAX_SHEET_ROWS = 10_000
MAX_SHEET_CELLS = 200_000
#: A parse that takes longer than this (seconds of wall clock) is abandoned: the limits above keep a real file far
#: below it.
_MAX_PARSE_SECONDS = 10.0


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``messages`` say why (translated)."""

    def __init__(self, *messages: str):
        self.messages = [str(m) for m in messages]
        super().__init__("; ".join(self.messages))


@dataclass
class Sheet:
    """The rows of an uploaded file as strings, keyed by column key. ``number`` is the spreadsheet row number.

    Only strings, so it round-trips through JSON (``to_json`` / ``from_json``): the import page keeps it in the
    session between the preview and the confirmation, and it is checked again on confirm.
    """

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
    return _unneutralised(str(value).strip())


def _unneutralised(text: str) -> str:
    """A text cell as written before an export or sample neutralised it (``'=…`` → ``=…``), so files the portal
    wrote import as they read."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:].strip()
    return text


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The sheet holds more than %(max)s rows; split it into smaller files.") % {"max": MAX_SHEET_ROWS}
    )


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    """The first worksheet's rows, after ``guard.inspect_xlsx`` has bounded the work; parsed read-only, stopping at
    the row, cell and time caps."""
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            guard.inspect_xlsx(archive, guard.Limits(rows=MAX_SHEET_ROWS, cells=MAX_SHEET_CELLS))
    except guard.XlsxRefused as exc:
        logger.info("xlsx upload refused before parsing: %s", exc.message)
        raise ImportFileError(exc.message) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise ImportFileError(_("The file is not a readable .xlsx workbook.")) from exc
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
        blank_run = cells = 0
        deadline = time.monotonic() + _MAX_PARSE_SECONDS
        rows = sheet.iter_rows(max_row=MAX_SHEET_ROWS + 1, max_col=_MAX_COLUMNS, values_only=True)
        for number, row in enumerate(rows, start=1):
            if number > MAX_SHEET_ROWS:
                raise _too_many_rows()
            cells += len(row)
            if cells > MAX_SHEET_CELLS or time.monotonic() > deadline:
                raise ImportFileError(_("The sheet is too large to import; keep only the rows and columns to import."))
            texts = [_cell_text(v) for v in row]
            if not any(texts):
                blank_run += 1
                if blank_run > _MAX_BLANK_RUN:
                    break
                continue
            blank_run = 0
            grid.append((number, texts))
            if len(grid) > MAX_ROWS + 1:  # the header plus one row too many is enough to refuse
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
            if number > MAX_SHEET_ROWS:  # blank lines included: a file of line breaks is refused at once
                raise _too_many_rows()
            texts = [_unneutralised(cell.strip()) for cell in row[:_MAX_COLUMNS]]
            if not any(texts):
                continue
            grid.append((number, texts))
            if len(grid) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file could not be read: %(reason)s") % {"reason": exc}) from exc
    return grid


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
    return sheet_from_grid(kind, name, grid)


def sheet_from_grid(kind: str, filename: str, grid: list[tuple[int, list[str]]]) -> Sheet:
    """A ``Sheet`` from ``(row number, cell texts)`` pairs, the header row first; ``ImportFileError`` if unusable."""
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
