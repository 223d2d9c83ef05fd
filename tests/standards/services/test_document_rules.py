"""Standard documents: one test per rule of standards.services.documents."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.exceptions import InvalidTransition, NotAllowed, RuleError, StaleEdit
from core.models import AuditEntry
from standards.models import DocumentVersion, StandardDocument
from standards.services import documents as services

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _published(pmo, **kwargs):
    document = services.create_document(actor=pmo, code="TPL-A", title="Plan", kind="template", body="v1 text",
                                        **kwargs)  # fmt: skip
    services.publish(actor=pmo, document=document, expected_version=document.version)
    document.refresh_from_db()
    return document


@pytest.mark.parametrize("role", ["pm_user", "exec_user", "member_user"])
def test_only_pmo_creates(request, role):
    with pytest.raises(NotAllowed):
        services.create_document(actor=request.getfixturevalue(role), code="X-1", title="t", kind="template")
    assert not StandardDocument.objects.exists()


def test_code_is_unique_and_formatted(pmo_user):
    services.create_document(actor=pmo_user, code="tpl-a", title="t", kind="template", body="b")
    assert StandardDocument.objects.get().code == "TPL-A"
    with pytest.raises(RuleError) as caught:
        services.create_document(actor=pmo_user, code="TPL-A", title="t", kind="template")
    assert "code" in caught.value.errors
    with pytest.raises(RuleError) as caught:
        services.create_document(actor=pmo_user, code="bad code!", title="t", kind="template")
    assert "code" in caught.value.errors


def test_publish_needs_body_or_file(pmo_user):
    document = services.create_document(actor=pmo_user, code="TPL-B", title="t", kind="template")
    with pytest.raises(RuleError) as caught:
        services.publish(actor=pmo_user, document=document, expected_version=document.version)
    assert "body" in caught.value.errors


def test_published_version_is_not_edited_in_place(pmo_user):
    document = _published(pmo_user)
    with pytest.raises(InvalidTransition):
        services.update_draft(actor=pmo_user, version=document.current_version, expected_version=1, body="changed")
    assert DocumentVersion.objects.get().body == "v1 text"


def test_new_version_copies_and_keeps_history(pmo_user):
    document = _published(pmo_user)
    draft = services.new_version(actor=pmo_user, document=document, change_note="Clarify")
    assert (draft.number, draft.body, draft.state) == (2, "v1 text", "draft")
    with pytest.raises(InvalidTransition):
        services.new_version(actor=pmo_user, document=document)
    services.update_draft(actor=pmo_user, version=draft, expected_version=draft.version, body="v2 text")
    document.refresh_from_db()
    services.publish(actor=pmo_user, document=document, expected_version=document.version)
    document.refresh_from_db()
    assert document.current_version.number == 2
    states = dict(DocumentVersion.objects.values_list("number", "state"))
    assert states == {1: "superseded", 2: "published"}


def test_second_version_needs_a_change_note(pmo_user):
    document = _published(pmo_user)
    services.new_version(actor=pmo_user, document=document)
    document.refresh_from_db()
    with pytest.raises(RuleError) as caught:
        services.publish(actor=pmo_user, document=document, expected_version=document.version)
    assert "change_note" in caught.value.errors


def test_stale_version_refused(pmo_user):
    document = _published(pmo_user)
    with pytest.raises(StaleEdit):
        services.update_document(actor=pmo_user, document=document, expected_version=document.version - 1, title="x")


def test_retired_is_final(pmo_user):
    document = _published(pmo_user)
    services.retire(actor=pmo_user, document=document, expected_version=document.version, reason="old")
    document.refresh_from_db()
    with pytest.raises(InvalidTransition):
        services.new_version(actor=pmo_user, document=document)
    assert AuditEntry.objects.filter(app_label="standards", action="retire").exists()


def test_upload_checked_by_content_and_nothing_written(pmo_user, upload_root):
    fake = SimpleUploadedFile("plan.pdf", b"<script>alert(1)</script>")
    with pytest.raises(RuleError) as caught:
        services.create_document(actor=pmo_user, code="TPL-C", title="t", kind="template", file=fake)
    assert list(caught.value.errors) == ["file"]
    assert not StandardDocument.objects.exists()
    document = services.create_document(actor=pmo_user, code="TPL-D", title="t", kind="template",
                                        file=SimpleUploadedFile("計画.pdf", PDF))  # fmt: skip
    version = document.versions.get()
    assert version.file_original_name == "計画.pdf" and version.file_name.endswith(".pdf")
    assert "計画" not in version.file_name
    assert (upload_root / version.file_name).read_bytes() == PDF


def test_every_change_is_audited(pmo_user):
    _published(pmo_user)
    actions = set(AuditEntry.objects.filter(app_label="standards").values_list("action", flat=True))
    assert {"create", "publish"} <= actions
