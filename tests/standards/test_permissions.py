"""Role × endpoint: every standards page and API endpoint answers each role as the permission rules say.

A hidden object (a draft to a PM, a confidential project's run to an outsider) answers 404, like a missing one.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core import roles
from standards.models import GateReview
from standards.services import documents as doc_services
from tests.factories import user_with_role
from tests.standards.conftest import instantiate

pytestmark = pytest.mark.django_db

ROLES = ["pmo", "exec", "pm", "other_pm", "member", "norole", "anon"]


@pytest.fixture
def world(pmo_user, exec_user, pm_user, other_pm, member_user, norole_user, blueprint, checklist, org_unit):
    draft = doc_services.create_document(actor=pmo_user, code="TPL-DRAFT", title="Draft", kind="template", body="x")
    published = doc_services.create_document(actor=pmo_user, code="TPL-PUB", title="Pub", kind="template", body="y")
    doc_services.publish(actor=pmo_user, document=published, expected_version=published.version)
    project = instantiate(pm_user, blueprint, org_unit, pm_user, code="PRJ-2026-501")
    secret = instantiate(pmo_user, blueprint, org_unit, pm_user, code="PRJ-2026-502")
    secret.confidential = True
    secret.save(update_fields=["confidential"])
    return {
        "users": {"pmo": pmo_user, "exec": exec_user, "pm": pm_user, "other_pm": other_pm, "member": member_user,
                  "norole": norole_user, "anon": None},  # fmt: skip
        "draft": draft, "published": published, "blueprint": blueprint, "checklist": checklist,
        "run": project.checklist_runs.get(), "secret_run": secret.checklist_runs.get(),
        "gate": GateReview.objects.get(project=project, phase="requirements"),
        "secret_gate": GateReview.objects.get(project=secret, phase="requirements"), "project": project,
    }  # fmt: skip


def _client(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


ALL_READ = {"pmo": 200, "exec": 200, "pm": 200, "other_pm": 200, "member": 200, "norole": 403, "anon": 302}
PMO_ONLY = {"pmo": 200, "exec": 403, "pm": 403, "other_pm": 403, "member": 403, "norole": 403, "anon": 302}
HIDDEN_DRAFT = {"pmo": 200, "exec": 404, "pm": 404, "other_pm": 404, "member": 404, "norole": 403, "anon": 302}
SECRET = {"pmo": 200, "exec": 200, "pm": 200, "other_pm": 404, "member": 404, "norole": 403, "anon": 302}
CREATORS = {"pmo": 200, "exec": 403, "pm": 200, "other_pm": 200, "member": 403, "norole": 403, "anon": 302}
COMPLIANCE = {"pmo": 200, "exec": 200, "pm": 200, "other_pm": 200, "member": 403, "norole": 403, "anon": 302}

PAGES = [
    ("standards:index", lambda w: {}, ALL_READ),
    ("standards:compliance", lambda w: {}, COMPLIANCE),
    ("standards:categories", lambda w: {}, PMO_ONLY),
    ("standards:document", lambda w: {"pk": w["published"].pk}, ALL_READ),
    ("standards:document", lambda w: {"pk": w["draft"].pk}, HIDDEN_DRAFT),
    ("standards:document_new", lambda w: {}, PMO_ONLY),
    ("standards:document_edit", lambda w: {"pk": w["published"].pk}, PMO_ONLY),
    ("standards:checklist", lambda w: {"pk": w["checklist"].pk}, ALL_READ),
    ("standards:checklist_new", lambda w: {}, PMO_ONLY),
    ("standards:checklist_edit", lambda w: {"pk": w["checklist"].pk}, PMO_ONLY),
    ("standards:blueprint", lambda w: {"pk": w["blueprint"].pk}, ALL_READ),
    ("standards:blueprint_new", lambda w: {}, PMO_ONLY),
    ("standards:blueprint_edit", lambda w: {"pk": w["blueprint"].pk}, PMO_ONLY),
    ("standards:instantiate", lambda w: {"pk": w["blueprint"].pk}, CREATORS),
    ("standards:run", lambda w: {"pk": w["run"].pk}, ALL_READ),
    ("standards:run", lambda w: {"pk": w["secret_run"].pk}, SECRET),
    ("standards:gate", lambda w: {"pk": w["gate"].pk}, ALL_READ),
    ("standards:gate", lambda w: {"pk": w["secret_gate"].pk}, SECRET),
    ("standards:project_panel", lambda w: {"code": w["project"].code}, ALL_READ),
    ("standards:home_gates", lambda w: {}, ALL_READ),
]


@pytest.mark.parametrize("role", ROLES)
def test_pages(client, world, role):
    c = _client(client, world, role)
    wrong = []
    for name, kwargs, expected in PAGES:
        url = reverse(name, kwargs=kwargs(world))
        got = c.get(url).status_code
        if got != expected[role]:
            wrong.append(f"{url}: {got} (expected {expected[role]})")
    assert not wrong, wrong


ANSWER = {"pmo": 302, "exec": 403, "pm": 302, "other_pm": 403, "member": 403, "norole": 403, "anon": 302}
DECIDE = {"pmo": 403, "exec": 400, "pm": 403, "other_pm": 403, "member": 403, "norole": 403, "anon": 302}
PMO_POST = {"pmo": 302, "exec": 403, "pm": 403, "other_pm": 403, "member": 403, "norole": 403, "anon": 302}


@pytest.mark.parametrize("role", ROLES)
def test_page_writes(client, world, role):
    c = _client(client, world, role)
    run, item = world["run"], world["checklist"].current_version.items.get(required=True)
    answer = c.post(reverse("standards:run", kwargs={"pk": run.pk}), {f"answer-{item.pk}": "done"})
    assert answer.status_code == ANSWER[role]
    gate = c.post(reverse("standards:gate", kwargs={"pk": world["gate"].pk}),
                  {"decision": "approved", "version": world["gate"].version})  # fmt: skip
    assert gate.status_code == DECIDE[role]  # 400 for the executive: the run is not completed
    publish = c.post(reverse("standards:document_action", kwargs={"pk": world["draft"].pk}),
                     {"action": "publish", "version": world["draft"].version})  # fmt: skip
    assert publish.status_code == PMO_POST[role]


API_READ = {"pmo": 200, "exec": 200, "pm": 200, "other_pm": 200, "member": 200, "norole": 403, "anon": 403}
API_HIDDEN = {"pmo": 200, "exec": 404, "pm": 404, "other_pm": 404, "member": 404, "norole": 403, "anon": 403}
API_SECRET = {"pmo": 200, "exec": 200, "pm": 200, "other_pm": 404, "member": 404, "norole": 403, "anon": 403}

API_GETS = [
    (lambda w: "/api/v1/standards/documents/", API_READ),
    (lambda w: f"/api/v1/standards/documents/{w['published'].pk}/", API_READ),
    (lambda w: f"/api/v1/standards/documents/{w['draft'].pk}/", API_HIDDEN),
    (lambda w: "/api/v1/standards/checklists/", API_READ),
    (lambda w: f"/api/v1/standards/checklists/{w['checklist'].pk}/", API_READ),
    (lambda w: "/api/v1/standards/blueprints/", API_READ),
    (lambda w: f"/api/v1/standards/blueprints/{w['blueprint'].pk}/", API_READ),
    (lambda w: "/api/v1/checklist-runs/", API_READ),
    (lambda w: f"/api/v1/checklist-runs/{w['run'].pk}/", API_READ),
    (lambda w: f"/api/v1/checklist-runs/{w['secret_run'].pk}/", API_SECRET),
    (lambda w: "/api/v1/gate-reviews/", API_READ),
    (lambda w: f"/api/v1/gate-reviews/{w['secret_gate'].pk}/", API_SECRET),
]


@pytest.mark.parametrize("role", ROLES)
def test_api_reads(client, world, role):
    c = _client(client, world, role)
    wrong = []
    for url, expected in API_GETS:
        got = c.get(url(world)).status_code
        if got != expected[role]:
            wrong.append(f"{url(world)}: {got} (expected {expected[role]})")
    assert not wrong, wrong


API_CREATE = {"pmo": 201, "exec": 403, "pm": 403, "other_pm": 403, "member": 403, "norole": 403, "anon": 403}
API_ANSWER = {"pmo": 200, "exec": 403, "pm": 200, "other_pm": 403, "member": 403, "norole": 403, "anon": 403}
API_DECIDE = {"pmo": 403, "exec": 400, "pm": 403, "other_pm": 403, "member": 403, "norole": 403, "anon": 403}
API_INSTANTIATE = {"pmo": 400, "exec": 403, "pm": 400, "other_pm": 400, "member": 403, "norole": 403, "anon": 403}


@pytest.mark.parametrize("role", ROLES)
def test_api_writes(client, world, role):
    c = _client(client, world, role)
    created = c.post("/api/v1/standards/checklists/", {"code": f"NEW-{role.upper().replace('_', '')}",
                                                       "title": "t", "purpose": "closure"},
                     content_type="application/json")  # fmt: skip
    assert created.status_code == API_CREATE[role]
    item = world["checklist"].current_version.items.get(required=True)
    answered = c.post(f"/api/v1/checklist-runs/{world['run'].pk}/answer/", {"item": item.pk, "answer": "done"},
                      content_type="application/json")  # fmt: skip
    assert answered.status_code == API_ANSWER[role]
    decided = c.post(f"/api/v1/gate-reviews/{world['gate'].pk}/decide/",
                     {"decision": "approved", "version": world["gate"].version}, content_type="application/json")  # fmt: skip
    assert decided.status_code == API_DECIDE[role]
    made = c.post(f"/api/v1/standards/blueprints/{world['blueprint'].pk}/instantiate/", {},
                  content_type="application/json")  # fmt: skip
    assert made.status_code == API_INSTANTIATE[role]  # 400: the body is empty, but the role passed


def test_user_role_groups_exist():
    assert set(roles.ALL_ROLES) >= {roles.PMO, roles.PM}
    assert user_with_role(roles.PM).groups.filter(name=roles.PM).exists()


@pytest.mark.parametrize("kind", ["draft", "checklist", "blueprint"])
@pytest.mark.parametrize("data", [{}, {"action": "explode", "version": "1"}, {"action": "retire", "version": "x"}])
def test_a_button_that_does_not_parse_answers_400_to_the_pmo_and_changes_nothing(world, client, kind, data):
    """The PMO may act, so an unreadable button is bad input (400, translated), not a refusal (403)."""
    url_name = {"draft": "standards:document_action", "checklist": "standards:checklist_action",
                "blueprint": "standards:blueprint_action"}[kind]  # fmt: skip
    target = world[kind]
    model = type(target)
    before = model.objects.filter(pk=target.pk).values("version", "status").get()
    response = _client(client, world, "pmo").post(reverse(url_name, kwargs={"pk": target.pk}), data)
    assert response.status_code == 400
    with translation.override("ja"):  # the portal's language: the 400 page says it in Japanese
        assert gettext("This action could not be read. Reload the page and try again.") in response.content.decode()
    assert model.objects.filter(pk=target.pk).values("version", "status").get() == before
