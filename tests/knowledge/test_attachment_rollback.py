"""A lesson's attachment whose row does not land (the transaction rolls back) leaves no file behind."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from core.models import AuditEntry
from knowledge import services
from knowledge.models import LessonAttachment

pytestmark = pytest.mark.django_db


def test_the_stored_file_is_deleted_when_the_row_fails(make_lesson, author, settings, tmp_path, monkeypatch):
    settings.PMO_UPLOAD_ROOT = tmp_path / "uploads"
    lesson = make_lesson("Rollback")
    before = AuditEntry.objects.count()

    def refuse(**kwargs):
        raise IntegrityError("refused by the database")

    monkeypatch.setattr(LessonAttachment.objects, "create", refuse)
    with pytest.raises(IntegrityError):
        services.add_attachment(actor=author, lesson=lesson, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    root = settings.PMO_UPLOAD_ROOT
    assert not root.exists() or not [p for p in root.rglob("*") if p.is_file()]
    assert AuditEntry.objects.count() == before


def test_a_successful_attachment_keeps_its_file(make_lesson, author, settings, tmp_path):
    settings.PMO_UPLOAD_ROOT = tmp_path / "uploads"
    attachment = services.add_attachment(actor=author, lesson=make_lesson("Kept"),
                                         file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))  # fmt: skip
    assert (settings.PMO_UPLOAD_ROOT / attachment.file).is_file()
