"""Pages and API of the standards app: bad input lands at its field (page) or as 400 per field (API), never a 500;
user text renders inert; files are served only to those who may see them; the parity of page and API refusals."""

from __future__ import annotations

import base64
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from standards.models import ChecklistItem, ChecklistRun, GateReview, StandardDocument
from standards.services import checklists as cl_services
from standards.services import documents as doc_services
from standards.services.common import PUBLISHED_IS_FROZEN
from standards.services.runs import ALREADY_COMPLETED

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
XSS = "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"


def test_markdown_body_renders_inert(client, pmo_user, pm_user):
    document = doc_services.create_document(actor=pmo_user, code="TPL-X", title="<b>t</b>", kind="guideline",
                                            body=f"# Head\n\n{XSS}")  # fmt: skip
    doc_services.publish(actor=pmo_user, document=document, expected_version=document.version)
    client.force_login(pm_user)
    html = client.get(reverse("standards:document", kwargs={"pk": document.pk})).content.decode()
    assert "<script>alert(1)" not in html and "onerror=alert" not in html.replace("onerror=alert(3)&gt;", "")
    assert 'href="javascript' not in html
    assert "&lt;b&gt;t&lt;/b&gt;" in html
    assert "<h1>Head</h1>" in html


def test_diff_between_versions_is_inert(client, pmo_user):
    document = doc_services.create_document(actor=pmo_user, code="TPL-Y", title="t", kind="guideline", body="old")
    doc_services.publish(actor=pmo_user, document=document, expected_version=document.version)
    draft = doc_services.new_version(actor=pmo_user, document=document, change_note="note")
    doc_services.update_draft(actor=pmo_user, version=draft, expected_version=draft.version, body=XSS)
    client.force_login(pmo_user)
    html = client.get(reverse("standards:document", kwargs={"pk": document.pk}) + "?v=2&diff=1").content.decode()
    assert escape("+<script>alert(1)</script>").split("+")[1][:20] in html
    assert "<script>alert(1)" not in html


def test_upload_page_refuses_fake_file_at_the_field(client, pmo_user, upload_root):
    client.force_login(pmo_user)
    response = client.post(reverse("standards:document_new"), {
        "code": "TPL-F", "title": "t", "kind": "template", "language": "ja",
        "file": SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf"),
    })  # fmt: skip
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert (
        'aria-describedby="id_file_error' in response.content.decode() or "id_file_error" in response.content.decode()
    )
    assert not StandardDocument.objects.exists()


def test_download_only_for_those_who_see_it(client, pmo_user, pm_user, upload_root):
    document = doc_services.create_document(actor=pmo_user, code="TPL-G", title="t", kind="template",
                                            file=SimpleUploadedFile("計画書.pdf", PDF))  # fmt: skip
    url = reverse("standards:document_download", kwargs={"pk": document.pk, "number": 1})
    client.force_login(pm_user)
    assert client.get(url).status_code == 404  # a draft: hidden from PMs
    doc_services.publish(actor=pmo_user, document=document, expected_version=document.version)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_reorder_by_drag_endpoint(client, pmo_user, checklist):
    draft = cl_services.new_version(actor=pmo_user, checklist=checklist, change_note="n")
    ids = list(draft.items.order_by("position").values_list("pk", flat=True))
    client.force_login(pmo_user)
    url = reverse("standards:item_reorder", kwargs={"pk": checklist.pk})
    response = client.post(url, json.dumps({"items": ids[::-1]}), content_type="application/json")
    assert response.status_code == 200
    assert list(draft.items.order_by("position").values_list("pk", flat=True)) == ids[::-1]
    bad = client.post(url, json.dumps({"items": ids[:1]}), content_type="application/json")
    assert bad.status_code == 400 and "items" in bad.json()
    assert client.post(url, "not json", content_type="application/json").status_code == 400


def test_move_buttons_work_without_javascript(client, pmo_user, checklist):
    draft = cl_services.new_version(actor=pmo_user, checklist=checklist, change_note="n")
    first, second = draft.items.order_by("position")
    client.force_login(pmo_user)
    response = client.post(reverse("standards:item_move", kwargs={"pk": checklist.pk, "item_id": second.pk}),
                           {"op": "up"})  # fmt: skip
    assert response.status_code == 302
    assert draft.items.order_by("position").first() == second


def test_run_page_completion_refused_then_done(client, pm_user, project):
    run = project.checklist_runs.get()
    required = run.checklist.current_version.items.get(required=True)
    optional = run.checklist.current_version.items.get(required=False)
    client.force_login(pm_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages are compared in English
    url = reverse("standards:run", kwargs={"pk": run.pk})
    response = client.post(url, {f"answer-{optional.pk}": "done", "complete": "1"})
    assert response.status_code == 400
    assert "Answer every required item" in response.content.decode()
    assert not run.answers.exists()  # nothing half-written
    response = client.post(url, {f"answer-{required.pk}": "done", f"evidence-{required.pk}": "javascript:x"})
    assert response.status_code == 400 and f'id="err-{required.pk}"' in response.content.decode()
    response = client.post(url, {f"answer-{required.pk}": "done", f"evidence-{required.pk}": "https://e.example/x",
                                 "complete": "1"})  # fmt: skip
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == "completed"
    page = client.get(url).content.decode()
    assert 'data-testid="completed-by"' in page and 'data-testid="run-form"' not in page


def test_api_contract_and_per_field_errors(client, pmo_user, pm_user, exec_user, blueprint, org_unit, upload_root):
    client.force_login(pmo_user)
    bad = client.post("/api/v1/standards/documents/", {"code": "bad code", "title": "t", "kind": "nope"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "kind" in bad.json()
    fake = client.post(
        "/api/v1/standards/documents/",
        {"code": "TPL-API", "title": "t", "kind": "template",
         "file": {"name": "a.docx", "content": base64.b64encode(PDF).decode()}},
        content_type="application/json",
    )  # fmt: skip
    assert fake.status_code == 400 and list(fake.json()) == ["file"]
    real = client.post(
        "/api/v1/standards/documents/",
        {"code": "TPL-API", "title": "t", "kind": "template",
         "file": {"name": "計画.pdf", "content": base64.b64encode(PDF).decode()}},
        content_type="application/json",
    )  # fmt: skip
    assert real.status_code == 201, real.content
    assert real.json()["status"] == "draft"
    garbage = client.post("/api/v1/standards/documents/", {"code": "TPL-API2", "title": "t", "kind": "template",
                          "file": {"name": "x.pdf", "content": "!!!"}}, content_type="application/json")  # fmt: skip
    assert garbage.status_code == 400 and "file" in garbage.json()
    client.force_login(pm_user)
    made = client.post(f"/api/v1/standards/blueprints/{blueprint.pk}/instantiate/", {
        "code": "PRJ-2026-601", "name": "API project", "org_unit": org_unit.pk, "pm": pm_user.username,
        "planned_start": "2026-04-01", "planned_end": "2026-12-31", "bac": "1000000", "state": "active",
    }, content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    run = ChecklistRun.objects.get(project__code="PRJ-2026-601")
    item = ChecklistItem.objects.get(checklist_version=run.checklist.current_version, required=True)
    incomplete = client.post(f"/api/v1/checklist-runs/{run.pk}/complete/", {"version": run.version},
                             content_type="application/json")  # fmt: skip
    assert incomplete.status_code == 400 and "answers" in incomplete.json()
    bad_link = client.post(f"/api/v1/checklist-runs/{run.pk}/answer/",
                           {"item": item.pk, "answer": "done", "evidence_url": "javascript:alert(1)"},
                           content_type="application/json")  # fmt: skip
    assert bad_link.status_code == 400 and "evidence_url" in bad_link.json()
    ok = client.post(f"/api/v1/checklist-runs/{run.pk}/answer/", {"item": item.pk, "answer": "done"},
                     content_type="application/json")  # fmt: skip
    assert ok.status_code == 200
    version = ok.json()["version"]
    done = client.post(f"/api/v1/checklist-runs/{run.pk}/complete/", {"version": version},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["state"] == "completed"
    twice = client.post(f"/api/v1/checklist-runs/{run.pk}/complete/", {"version": done.json()["version"]},
                        content_type="application/json")  # fmt: skip
    assert twice.status_code == 400 and str(ALREADY_COMPLETED) in json.dumps(twice.json(), ensure_ascii=False)
    gate = GateReview.objects.get(run=run)
    client.force_login(exec_user)
    approved = client.post(f"/api/v1/gate-reviews/{gate.pk}/decide/", {"decision": "approved", "version": gate.version},
                           content_type="application/json")  # fmt: skip
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert client.get("/api/v1/standards/checklists/?code=GATE-REQ").json()["results"][0]["code"] == "GATE-REQ"


def test_page_and_api_refuse_with_the_same_words(client, pmo_user, checklist):
    """Parity: editing a published version in place is refused at the same field with the same message."""
    client.force_login(pmo_user)
    api = client.post(f"/api/v1/standards/checklists/{checklist.pk}/reorder/", {"items": [1]},
                      content_type="application/json")  # fmt: skip
    page = client.post(reverse("standards:item_reorder", kwargs={"pk": checklist.pk}), json.dumps({"items": [1]}),
                       content_type="application/json")  # fmt: skip
    assert api.status_code == page.status_code == 400
    assert api.json()["items"] == page.json()["items"] == [str(PUBLISHED_IS_FROZEN)]


def test_panels_answer_empty_when_nothing(client, exec_user, pm_user):
    from tests.factories import ProjectFactory

    project = ProjectFactory(pm=pm_user)
    panel = reverse("standards:project_panel", kwargs={"code": project.code})
    client.force_login(pm_user)
    # The project's PM is offered to plan a checklist even when nothing else is there to show.
    assert b'data-testid="plan-checklist"' in client.get(panel).content
    assert client.get(reverse("standards:home_gates")).content == b""
    client.force_login(exec_user)
    assert client.get(panel).content == b""  # a reader with nothing to read: empty
    assert client.get(reverse("standards:home_gates")).content == b""


def test_parity_complete_and_reject(client, pm_user, exec_user, project):
    """The same refusals, the same words, on the page and through the API (and nothing written either way)."""
    run = project.checklist_runs.get()
    client.force_login(pm_user)
    page = client.post(reverse("standards:run", kwargs={"pk": run.pk}), {"complete": "1"})
    api = client.post(f"/api/v1/checklist-runs/{run.pk}/complete/", {"version": run.version},
                      content_type="application/json")  # fmt: skip
    assert page.status_code == api.status_code == 400
    assert page.context["run_errors"] == api.json()["answers"]
    item = run.checklist.current_version.items.get(required=True)
    client.post(f"/api/v1/checklist-runs/{run.pk}/answer/", {"item": item.pk, "answer": "done"},
                content_type="application/json")  # fmt: skip
    run.refresh_from_db()
    client.post(f"/api/v1/checklist-runs/{run.pk}/complete/", {"version": run.version}, content_type="application/json")
    gate = GateReview.objects.get(run=run)
    client.force_login(exec_user)
    page = client.post(
        reverse("standards:gate", kwargs={"pk": gate.pk}), {"decision": "rejected", "version": gate.version}
    )
    api = client.post(f"/api/v1/gate-reviews/{gate.pk}/decide/", {"decision": "rejected", "version": gate.version},
                      content_type="application/json")  # fmt: skip
    assert page.status_code == api.status_code == 400
    assert page.context["form"].errors["reason"] == api.json()["reason"]
    gate.refresh_from_db()
    assert gate.state == "pending"
