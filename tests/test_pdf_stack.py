"""The PDF stack the reports stand on: WeasyPrint with pango and an embedded CJK font."""

import shutil
import subprocess

from weasyprint import HTML


def test_weasyprint_embeds_a_japanese_font(tmp_path):
    pdf = tmp_path / "status.pdf"
    HTML(
        string='<html lang="ja"><body><h1>週次報告 プロジェクト状況</h1><p>QCD: 品質・コスト・納期</p></body></html>'
    ).write_pdf(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert shutil.which("pdffonts"), "poppler-utils is missing (make test installs it)"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or "Noto" in fonts, fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "週次報告" in text
