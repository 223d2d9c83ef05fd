"""Bounding the work an uploaded .xlsx can cause, before openpyxl parses any of it.

An .xlsx is a zip of XML parts, and a few kilobytes of zip can unpack to gigabytes ("zip bomb"), hold a shared
strings table or a style sheet that openpyxl loads whole into memory, or a worksheet of a million rows. So
``inspect_xlsx`` looks at the zip's directory and streams the first worksheet's XML (at C speed, never more than its
declared size, which ``zipfile`` enforces) and refuses, with a translated message for the file field:

* too many entries in the zip;
* too much unpacked in total, or an entry that unpacks far beyond its compressed size (a bomb);
* a shared strings table or a style sheet larger than any import of ``MAX_ROWS`` rows needs;
* a first worksheet larger than that, declaring (``<dimension ref=…>``) or holding more rows or cells.

What it lets through is small enough to parse read-only in a fraction of a second; ``reading`` then parses with
hard row and cell caps of its own.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_ENTRIES = 200
MAX_UNPACKED_BYTES = 24 * 1024 * 1024
#: An entry larger than this may not unpack to more than ``MAX_RATIO`` times its compressed size.
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_RATIO = 100
MAX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024
MAX_STYLES_BYTES = 2 * 1024 * 1024
MAX_SHEET_BYTES = 16 * 1024 * 1024
MAX_SMALL_PART_BYTES = 1024 * 1024  # workbook.xml and its relationships, read to find the first sheet
_CHUNK = 256 * 1024

_SHEET_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", re.S)
_SHEET_ID_RE = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id=\"([^\"]+)\"", re.S)
_REL_RE = re.compile(rb"<Relationship\b([^>]*)>", re.S)
_ATTR_RE = re.compile(rb"(\w+)=\"([^\"]*)\"")
_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
_ROW_RE = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_RE = re.compile(rb"<(?:\w+:)?c[\s>/]")


class XlsxRefused(Exception):
    """The workbook is refused before parsing; ``message`` (translated) says why."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Limits:
    """How much of the first worksheet an import may hold (``reading`` passes its own)."""

    rows: int  # rows the sheet may hold, blank ones included
    cells: int  # cells (``<c>`` elements) the sheet may hold


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def inspect_xlsx(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse (``XlsxRefused``) a workbook whose parsing could take more than a moment or much memory."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise XlsxRefused(
            _("The workbook has too many parts (%(count)s); an import workbook has a few dozen at most.")
            % {"count": len(entries)}
        )
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise XlsxRefused(
            _("The workbook unpacks to %(size)s MB; the limit is %(limit)s MB. Save only the sheet to import.")
            % {"size": _mb(unpacked), "limit": _mb(MAX_UNPACKED_BYTES)}
        )
    for entry in entries:
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise XlsxRefused(
                _("The workbook is compressed abnormally (a part unpacks to %(ratio)s times its size): it is refused.")
                % {"ratio": entry.file_size // max(entry.compress_size, 1)}
            )
    names = {e.filename: e for e in entries}
    for name, limit, message in (
        (
            "xl/sharedStrings.xml",
            MAX_SHARED_STRINGS_BYTES,
            _("The workbook's table of texts is too large (%(size)s MB; the limit is %(limit)s MB)."),
        ),
        (
            "xl/styles.xml",
            MAX_STYLES_BYTES,
            _("The workbook's formatting is too large (%(size)s MB; the limit is %(limit)s MB): clear the formats."),
        ),
    ):
        entry = names.get(name)
        if entry is not None and entry.file_size > limit:
            raise XlsxRefused(message % {"size": _mb(entry.file_size), "limit": _mb(limit)})
    sheet = _first_sheet(archive, names)
    if sheet is not None:
        _inspect_sheet(archive, sheet, limits)


def _read_small(archive: zipfile.ZipFile, entry: zipfile.ZipInfo | None) -> bytes:
    if entry is None or entry.file_size > MAX_SMALL_PART_BYTES:
        return b""
    return archive.read(entry)


def _first_sheet(archive: zipfile.ZipFile, names: dict[str, zipfile.ZipInfo]) -> zipfile.ZipInfo | None:
    """The worksheet openpyxl imports (the workbook's first); the largest worksheet if the workbook does not say."""
    workbook = _read_small(archive, names.get("xl/workbook.xml"))
    rels = _read_small(archive, names.get("xl/_rels/workbook.xml.rels"))
    match = _SHEET_RE.search(workbook) or _SHEET_ID_RE.search(workbook)
    if match and rels:
        wanted = match.group(1)
        for rel in _REL_RE.finditer(rels):
            attrs = dict(_ATTR_RE.findall(rel.group(1)))
            if attrs.get(b"Id") == wanted and b"Target" in attrs:
                target = attrs[b"Target"].decode("utf-8", "replace")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                if path in names:
                    return names[path]
    sheets = [e for name, e in names.items() if name.startswith("xl/worksheets/") and name.endswith(".xml")]
    return max(sheets, key=lambda e: e.file_size, default=None)


def _inspect_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits: Limits) -> None:
    """Stream the sheet's XML once: its size, its declared dimension, its rows and cells."""
    if entry.file_size > MAX_SHEET_BYTES:
        raise XlsxRefused(
            _("The sheet to import is too large (%(size)s MB unpacked; the limit is %(limit)s MB).")
            % {"size": _mb(entry.file_size), "limit": _mb(MAX_SHEET_BYTES)}
        )
    too_many_rows = _("The sheet holds more than %(max)s rows; split it into smaller files.") % {"max": limits.rows}
    rows = cells = 0
    tail = b""
    seen_dimension = False
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            # A tag split across two chunks is counted with the next one: keep back from the last "<" on (no match
            # starting before it can reach past it, as none contains a "<").
            cut = data.rfind(b"<")
            if cut < 0:
                cut = len(data)
            if not seen_dimension:
                dimension = _DIMENSION_RE.search(data)
                if dimension:
                    seen_dimension = True
                    if int(dimension.group(1)) > limits.rows:
                        raise XlsxRefused(too_many_rows)
            rows += len(_ROW_RE.findall(data, 0, cut))
            cells += len(_CELL_RE.findall(data, 0, cut))
            tail = data[cut:]
            if rows > limits.rows:
                raise XlsxRefused(too_many_rows)
            if cells > limits.cells:
                raise XlsxRefused(
                    _("The sheet holds more than %(max)s cells; keep only the columns to import.")
                    % {"max": limits.cells}
                )
