"""The PDFs: every page, Japanese as extractable text with an embedded CJK font, the charts as vector graphics,
and the frozen figures (a rebuild after the project changed shows the same numbers)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest

from projects.models import Baseline
from reporting import storage
from reporting.pdf import build_pdf
from reporting.services import pipeline, runs
from tests.reporting.data import demo_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_dir(settings, tmp_path):
    settings.PMO_REPORTS_DIR = str(tmp_path / "reports")


def _text(pdf: bytes, tmp_path, name="r.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _info(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def _fonts(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def test_weekly_status_pdf_has_every_page_japanese_text_and_charts(
    pmo_user, tmp_path, django_capture_on_commit_callbacks
):
    project = demo_project()
    with django_capture_on_commit_callbacks(execute=False):
        run = runs.request_run(
            actor=pmo_user, kind="weekly_status", project=project, language="en", as_of=dt.date(2026, 11, 27)
        )
    assert pipeline.execute(run.pk, final=True) == "done"
    run.refresh_from_db()
    assert run.state == "done" and run.error == ""
    pdf = storage.read(run.file)
    assert pdf.startswith(b"%PDF") and run.size == len(pdf) and run.checksum == storage.sha256(pdf)
    assert f"Pages:           {run.pages}" in _info(pdf, tmp_path)
    assert run.pages >= 2
    text = _text(pdf, tmp_path)
    # Japanese text (the project's data) is real text, in an embedded CJK font.
    assert "販売管理システム刷新" in text and "結合テストは予定どおり進捗 2026-W47" in text
    fonts = _fonts(pdf, tmp_path)
    assert "CJK" in fonts or "Noto" in fonts
    # Header, date and page number on every page.
    pages = text.split("\f")[: run.pages]
    assert len(pages) == run.pages
    for number, page in enumerate(pages, start=1):
        assert "PRJ-2026-101" in page and "As of 2026-11-27" in page
        assert f"Page {number} / {run.pages}" in page
    # The three charts are vector SVG: their titles and legends are text of the PDF, not pixels.
    for chart_text in ("RAG history", "EVM S-curve", "Forecast to EAC", "Milestones: baseline vs forecast / actual"):
        assert chart_text in text, chart_text
    # The frozen figures of the latest report.
    assert "12,300,000" in text and "0.95" in text


def test_qcd_pdf_lists_the_scope_with_frozen_figures(exec_user, pm_user, tmp_path, django_capture_on_commit_callbacks):
    first = demo_project(pm=pm_user)
    second = demo_project(code="PRJ-2026-102", name="人事給与システム更改", pm=pm_user, confidential=True)
    with django_capture_on_commit_callbacks(execute=False):
        run = runs.request_run(actor=exec_user, kind="qcd", language="en", as_of=dt.date(2026, 11, 27))
    assert set(run.scope_project_ids) == {first.pk, second.pk}
    built = build_pdf(run)
    text = _text(built.data, tmp_path)
    assert "QCD report" in text and "販売管理システム刷新" in text and "人事給与システム更改" in text
    assert "SPI × CPI" in text  # the quadrant chart, as vector text
    assert built.pages >= 2


def test_a_rebuild_shows_the_same_numbers(pmo_user, tmp_path, django_capture_on_commit_callbacks):
    project = demo_project()
    with django_capture_on_commit_callbacks(execute=False):
        run = runs.request_run(
            actor=pmo_user, kind="weekly_status", project=project, language="ja", as_of=dt.date(2026, 11, 27)
        )
    before = _text(build_pdf(run).data, tmp_path, "a.pdf")
    # Re-baseline and change the cached figures: the report was judged on its frozen figures.
    baseline = Baseline.objects.create(
        project=project,
        number=2,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 6, 30),
        bac=Decimal(15000000),
    )
    project.baseline = baseline
    project.eac, project.spi = Decimal(16000000), Decimal("0.5")
    project.save()
    after = _text(build_pdf(run).data, tmp_path, "b.pdf")

    def figures(text):
        return [line for line in text.splitlines() if re.search(r"\d{1,3}(,\d{3})+", line) and "2026-12" not in line]

    assert figures(before) == figures(after)
    assert "15,000,000" not in after
