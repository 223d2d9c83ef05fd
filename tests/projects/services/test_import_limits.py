"""The work an uploaded file can cause is bounded before it is parsed: zip bombs, huge shared string tables and
style sheets, sheets of a million rows, CSV files of line breaks. Each is refused with its message at the file
field, in well under a second, and openpyxl never sees the refused workbook."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from projects import imports
from projects.imports import guard

HEADER = ["code", "name", "org_unit", "pm", "planned_start", "planned_end", "bac"]
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture(autouse=True)
def english():
    """The messages are compared in English (Japanese is the default language)."""
    with translation.override("en"):
        yield


SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["PRJ-L-001", "n", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rebuilt(replace: dict[str, bytes]) -> bytes:
    """A real workbook with some parts replaced or added (deflated, as Excel writes them)."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info.filename, source.read(info))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows: bytes, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    return SHEET_OPEN + dim + b"<sheetData>" + rows + b"</sheetData></worksheet>"


def numbered_rows(count: int) -> bytes:
    return b"".join(b'<row r="%d"><c r="A%d" t="n"><v>%d</v></c></row>' % (i, i, i * 7919) for i in range(1, count + 1))


@pytest.fixture
def no_parsing(monkeypatch):
    """A refused workbook never reaches openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl must not parse a refused workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def refused(name: str, content: bytes) -> tuple[str, float]:
    """Read ``content`` as an upload: the refusal's message and the seconds it took."""
    assert len(content) <= imports.MAX_UPLOAD_BYTES, len(content)
    started = time.perf_counter()
    with pytest.raises(imports.ImportFileError) as caught:
        imports.read_upload("projects", SimpleUploadedFile(name, content))
    return " ".join(caught.value.messages), time.perf_counter() - started


@pytest.mark.usefixtures("no_parsing")
def test_a_zip_bomb_is_refused_at_once():
    bomb = rebuilt({"xl/sharedStrings.xml": b"<sst>" + b"A" * (200 * 1024 * 1024) + b"</sst>"})
    message, seconds = refused("bomb.xlsx", bomb)
    assert "unpacks to 200 MB; the limit is 24 MB" in message
    assert seconds < 0.5


@pytest.mark.usefixtures("no_parsing")
def test_a_part_compressed_abnormally_is_refused():
    dense = rebuilt({SHEET: sheet_xml(b"<row><c><v>1</v></c></row>" * 2, "A1:A2") + b" " * (8 * 1024 * 1024)})
    message, seconds = refused("dense.xlsx", dense)
    assert "compressed abnormally" in message and seconds < 0.5


@pytest.mark.usefixtures("no_parsing")
def test_a_million_row_sheet_is_refused_at_once():
    rows = b"<row><c><v>1</v></c></row>" * 1_000_000
    message, seconds = refused("million.xlsx", rebuilt({SHEET: sheet_xml(rows, "A1:A1000000")}))
    assert message.startswith("The workbook unpacks to 25 MB; the limit is 24 MB.")
    assert seconds < 0.5
    # A third of it fits the total, and is still refused: it unpacks to hundreds of times its size.
    rows = b"<row><c><v>1</v></c></row>" * 300_000
    message, seconds = refused("rows.xlsx", rebuilt({SHEET: sheet_xml(rows, "A1:A300000")}))
    assert "compressed abnormally" in message and seconds < 0.5


@pytest.mark.usefixtures("no_parsing")
def test_a_declared_million_rows_is_refused_before_reading_them():
    content = rebuilt({SHEET: sheet_xml(numbered_rows(3), "A1:G1048576")})
    message, seconds = refused("declared.xlsx", content)
    assert message == "The sheet holds more than 10000 rows; split it into smaller files."
    assert seconds < 0.5


@pytest.mark.usefixtures("no_parsing")
def test_rows_beyond_the_cap_are_counted_before_parsing():
    content = rebuilt({SHEET: sheet_xml(numbered_rows(20_000))})  # no dimension: the rows themselves are counted
    message, seconds = refused("rows.xlsx", content)
    assert message == "The sheet holds more than 10000 rows; split it into smaller files."
    assert seconds < 0.5


@pytest.mark.usefixtures("no_parsing")
def test_large_shared_strings_styles_and_many_parts_are_refused(monkeypatch):
    monkeypatch.setattr(guard, "MAX_SHARED_STRINGS_BYTES", 64 * 1024)
    monkeypatch.setattr(guard, "MAX_STYLES_BYTES", 64 * 1024)
    texts = b"".join(b"<si><t>%x</t></si>" % (i * 2654435761 % 2**32) for i in range(10_000))
    message, _s = refused("strings.xlsx", rebuilt({"xl/sharedStrings.xml": b"<sst>" + texts + b"</sst>"}))
    assert "table of texts is too large" in message
    styles = b"".join(b'<xf numFmtId="%d" fontId="0"/>' % i for i in range(10_000))
    message, _s = refused("styles.xlsx", rebuilt({"xl/styles.xml": b"<styleSheet>" + styles + b"</styleSheet>"}))
    assert "formatting is too large" in message
    parts = {f"xl/media/image{i}.png": b"x" for i in range(guard.MAX_ENTRIES)}
    message, _s = refused("parts.xlsx", rebuilt(parts))
    assert "too many parts" in message


def test_the_sheet_imported_is_the_one_inspected(monkeypatch):
    """The workbook's first sheet is found through workbook.xml: a large second sheet does not refuse the file,
    a large first one does."""
    monkeypatch.setattr(guard, "MAX_SHEET_BYTES", 64 * 1024)
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["PRJ-L-001", "n", "DIV-SI", "bob_pm", "2026-04-01", "2026-05-01", 1])
    second = book.create_sheet("big")
    for i in range(5000):
        second.append([i, i * 3])
    out = io.BytesIO()
    book.save(out)
    sheet = imports.read_upload("projects", SimpleUploadedFile("two.xlsx", out.getvalue()))
    assert [values["code"] for _n, values in sheet.rows] == ["PRJ-L-001"]
    book.move_sheet("big", offset=-1)
    out = io.BytesIO()
    book.save(out)
    message, _s = refused("big-first.xlsx", out.getvalue())
    assert "The sheet to import is too large" in message


def test_a_csv_of_line_breaks_is_refused_at_once():
    content = b"code,name\r\n" + b"\r\n" * (imports.MAX_UPLOAD_BYTES // 2 - 8)
    message, seconds = refused("breaks.csv", content)
    assert message == "The sheet holds more than 10000 rows; split it into smaller files."
    assert seconds < 0.5


def test_a_normal_workbook_still_reads():
    sheet = imports.read_upload("projects", SimpleUploadedFile("ok.xlsx", workbook_bytes()))
    assert len(sheet.rows) == 1 and sheet.rows[0][1]["code"] == "PRJ-L-001"


@pytest.mark.django_db
def test_the_refusal_is_shown_at_the_file_field(client, pmo_user):
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    client.force_login(pmo_user)
    bomb = rebuilt({"xl/sharedStrings.xml": b"<sst>" + b"A" * (100 * 1024 * 1024) + b"</sst>"})
    response = client.post(
        reverse("projects:import"), {"kind": "projects", "file": SimpleUploadedFile("bomb.xlsx", bomb)}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["file"]
    html = response.content.decode()
    assert 'aria-describedby="' in html and "id_file_error" in html or "invalid-feedback" in html
