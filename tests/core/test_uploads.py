"""core.uploads: size, emptiness and content checks; private storage under generated names; safe serving."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import translation

from core.exceptions import RuleError
from core.uploads import serve_upload, store_upload, validate_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ooxml(folder: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<doc/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def upload_root(settings, tmp_path):
    settings.PMO_UPLOAD_ROOT = tmp_path / "uploads"
    settings.STATIC_ROOT = tmp_path / "static"
    return settings.PMO_UPLOAD_ROOT


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("a.pdf", PDF, "pdf"), ("b.docx", ooxml("word/"), "docx"), ("c.xlsx", ooxml("xl/"), "xlsx"),
     ("d.PPTX", ooxml("ppt/"), "pptx")],
)  # fmt: skip
def test_valid_files_pass(name, content, kind):
    info = validate_upload(SimpleUploadedFile(name, content))
    assert info.kind == kind
    assert info.size == len(content)
    assert len(info.sha256) == 64
    assert info.original_name == name
    assert info.content_type.startswith("application/")


def _refused(name, content, **kwargs) -> str:
    with pytest.raises(RuleError) as caught:
        validate_upload(SimpleUploadedFile(name, content), **kwargs)
    assert list(caught.value.errors) == ["file"]
    return caught.value.message


def test_empty_refused():
    assert "empty" in _refused("a.pdf", b"")


def test_too_large_refused(settings):
    settings.PMO_UPLOAD_MAX_BYTES = 10
    assert "larger" in _refused("a.pdf", PDF)
    assert "larger" in _refused("a.pdf", PDF, max_bytes=5)


def test_kind_not_allowed():
    _refused("a.exe", b"MZ....")
    _refused("a.pdf", PDF, allowed=("xlsx",))
    _refused("noext", PDF)


@pytest.mark.parametrize(
    ("name", "content"),
    [("fake.pdf", b"<html><script>alert(1)</script>"), ("fake.docx", PDF), ("fake.xlsx", b"PK\x03\x04garbage"),
     ("wrong.docx", ooxml("xl/")), ("wrong.xlsx", ooxml("word/")), ("html.pptx", b"<html></html>")],
)  # fmt: skip
def test_content_must_match_claimed_type(name, content):
    assert "not a" in _refused(name, content)


def test_zip_without_content_types_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<doc/>")
    _refused("a.docx", buffer.getvalue())


def test_zip_bomb_refused():
    bomb = ooxml("xl/", {"xl/huge.xml": b"0" * (220 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert "unreasonable" in _refused("bomb.xlsx", bomb)


def test_store_outside_static_under_generated_name(upload_root, settings):
    name = store_upload(SimpleUploadedFile("../../etc/passwd 計画書.pdf", PDF), prefix="standards/documents")
    assert name.startswith("standards/documents/")
    assert name.endswith(".pdf")
    assert "passwd" not in name and ".." not in name
    stored = upload_root / name
    assert stored.read_bytes() == PDF
    assert settings.STATIC_ROOT not in stored.parents


def test_serve_attachment_with_safe_name(upload_root):
    name = store_upload(SimpleUploadedFile("x.pdf", PDF), prefix="t")
    response = serve_upload(name, download_name='計画書 "v2".pdf', content_type="application/pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "\n" not in disposition
    assert b"".join(response.streaming_content) == PDF


def test_serve_missing_or_traversal_is_404(upload_root):
    for bad in ("", "nope/none.pdf", "../secret.pdf", "/etc/passwd"):
        with pytest.raises(Http404):
            serve_upload(bad, download_name="x.pdf", content_type="application/pdf")
