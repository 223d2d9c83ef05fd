"""A file stored by a service whose transaction then rolls back is deleted again: no orphan in the private storage
(standards.services.files; documents here, lessons' attachments in tests/knowledge)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction

from standards.models import DocumentVersion, StandardDocument
from standards.services import documents as doc_services
from standards.services.files import upload_scope

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def stored(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_failing_create_leaves_no_file(pmo_user, upload_root, monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("the database refused the row")

    monkeypatch.setattr(StandardDocument, "save", refuse)
    with pytest.raises(DatabaseError):
        doc_services.create_document(actor=pmo_user, code="TPL-X", title="Plan", kind="template", file=_pdf())
    assert stored(upload_root) == []
    assert not DocumentVersion.objects.exists()


def test_an_outer_rollback_deletes_the_files_of_services_that_returned(pmo_user, upload_root):
    with pytest.raises(RuntimeError), upload_scope(), transaction.atomic():
        doc_services.create_document(actor=pmo_user, code="TPL-Y", title="Plan", kind="template", file=_pdf())
        assert len(stored(upload_root)) == 1  # stored while the transaction is open
        raise RuntimeError("a later step of the same form failed")
    assert stored(upload_root) == []
    assert not StandardDocument.objects.filter(code="TPL-Y").exists()


def test_a_committed_upload_is_kept(pmo_user, upload_root):
    with upload_scope():
        document = doc_services.create_document(actor=pmo_user, code="TPL-Z", title="Plan", kind="template",
                                                file=_pdf())  # fmt: skip
    name = document.versions.get().file_name
    assert [p.relative_to(upload_root).as_posix() for p in stored(upload_root)] == [name]
