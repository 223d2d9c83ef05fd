"""The checklist plan page (reached from the project's standards panel), the categories' edit and order, and the
library's pagination."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from core import roles
from core.models import AuditEntry
from standards.models import Category, ChecklistRun, ProjectChecklistPlan, StandardDocument
from standards.services import documents as doc_services
from tests.factories import ProjectFactory, user_with_role
from tests.standards.conftest import make_checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def en_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def weekly(pmo_user):
    return make_checklist(pmo_user, code="WEEKLY-Q", purpose="weekly_quality", items=(("Defects triaged", True),))


def plan_url(project):
    return reverse("standards:plan_checklist", kwargs={"code": project.code})


def test_the_panel_links_managers_to_the_plan_page(en_client, pm_user, member_user, project):
    panel = reverse("standards:project_panel", kwargs={"code": project.code})
    en_client.force_login(pm_user)
    assert plan_url(project) in en_client.get(panel).content.decode()
    en_client.force_login(member_user)
    assert plan_url(project) not in en_client.get(panel).content.decode()


def test_the_panel_offers_planning_on_a_project_without_runs(en_client, pm_user):
    bare = ProjectFactory(pm=pm_user)
    en_client.force_login(pm_user)
    body = en_client.get(reverse("standards:project_panel", kwargs={"code": bare.code})).content.decode()
    assert 'data-testid="plan-checklist"' in body


def test_the_pm_plans_a_weekly_checklist(en_client, pm_user, project, weekly):
    en_client.force_login(pm_user)
    page = en_client.get(plan_url(project))
    assert page.status_code == 200 and "WEEKLY-Q" in page.content.decode()
    response = en_client.post(plan_url(project), {"checklist": weekly.pk, "schedule": "weekly", "required": "on"})
    assert response.status_code == 302
    assert ProjectChecklistPlan.objects.filter(project=project, checklist=weekly, schedule="weekly").exists()
    assert ChecklistRun.objects.filter(project=project, checklist=weekly).exists()
    assert AuditEntry.objects.filter(project_id=project.pk, object_type="projectchecklistplan", actor=pm_user).exists()


def test_a_refusal_lands_at_its_field(en_client, pm_user, project, weekly):
    en_client.force_login(pm_user)
    response = en_client.post(plan_url(project), {"checklist": weekly.pk, "schedule": "phase", "phase": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_phase_error"' in body and "Choose the phase at which this checklist runs." in body
    assert not ProjectChecklistPlan.objects.filter(checklist=weekly).exists()


def test_a_draft_or_unknown_checklist_is_not_a_choice(en_client, pmo_user, pm_user, project):
    from standards.services import checklists as cl_services

    draft = cl_services.create_checklist(actor=pmo_user, code="DRAFT-CL", title="Draft", purpose="weekly_quality")
    en_client.force_login(pm_user)
    for pk in (draft.pk, 999999, "x"):
        response = en_client.post(plan_url(project), {"checklist": pk, "schedule": "weekly"})
        assert response.status_code == 400 and 'id="id_checklist_error"' in response.content.decode()


def test_who_reaches_the_plan_page(client, pmo_user, exec_user, member_user, project):
    client.force_login(pmo_user)
    assert client.get(plan_url(project)).status_code == 200
    for user in (exec_user, member_user, user_with_role(roles.PM, "other_pm")):
        client.force_login(user)
        assert client.get(plan_url(project)).status_code == 403
    secret = ProjectFactory(confidential=True)
    client.force_login(member_user)
    assert client.get(plan_url(secret)).status_code == 404  # hidden answers like missing
    assert client.get(reverse("standards:plan_checklist", kwargs={"code": "NOPE"})).status_code == 404
    client.force_login(_no_role_user())
    assert client.get(plan_url(project)).status_code == 403  # refused on the role, before the project
    assert client.get(plan_url(secret)).status_code == 403
    client.logout()
    assert client.get(plan_url(project)).status_code == 302  # to the login


def _no_role_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("no_role", password="x")


# --- Categories -----------------------------------------------------------------------------------------------------


@pytest.fixture
def shelves(pmo_user):
    return [doc_services.create_category(actor=pmo_user, name=name, position=0) for name in ("計画", "品質", "報告")]


def names():
    return list(Category.objects.order_by("position", "name").values_list("name", flat=True))


def test_the_pmo_renames_a_category(en_client, pmo_user, shelves):
    en_client.force_login(pmo_user)
    url = reverse("standards:category_edit", kwargs={"pk": shelves[0].pk})
    assert en_client.get(url).status_code == 200
    response = en_client.post(url, {"name": "Planning", "description": "Plans", "position": 0, "version": 1})
    assert response.status_code == 302
    shelves[0].refresh_from_db()
    assert (shelves[0].name, shelves[0].version) == ("Planning", 2)
    kept = en_client.post(url, {"name": "Planning", "description": "Plans and schedules", "position": 0,
                                "version": 2})  # fmt: skip
    assert kept.status_code == 302  # keeping its own name is not a duplicate
    duplicate = en_client.post(url, {"name": shelves[1].name, "position": 0, "version": 3})
    assert duplicate.status_code == 200 and 'id="id_name_error"' in duplicate.content.decode()
    stale = en_client.post(url, {"name": "Again", "position": 0, "version": 1})
    assert "Again" not in names() and stale.status_code == 200


def test_the_pmo_reorders_categories(client, pmo_user, shelves):
    client.force_login(pmo_user)
    start = names()
    url = reverse("standards:category_move", kwargs={"pk": Category.objects.get(name=start[2]).pk})
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert names() == [start[0], start[2], start[1]]
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert names() == [start[2], start[0], start[1]]
    client.post(url, {"direction": "up"})  # already first: nothing moves
    assert names() == [start[2], start[0], start[1]]
    assert client.post(url, {"direction": "sideways"}).status_code == 302  # refused with a message
    assert names() == [start[2], start[0], start[1]]
    assert AuditEntry.objects.filter(object_type="category", action="update", actor=pmo_user).exists()


def test_only_the_pmo_edits_categories(client, pmo_user, pm_user, shelves):
    client.force_login(pmo_user)
    assert client.get(reverse("standards:category_edit", kwargs={"pk": 999999})).status_code == 404
    client.force_login(pm_user)
    assert client.get(reverse("standards:category_edit", kwargs={"pk": shelves[0].pk})).status_code == 403
    assert client.get(reverse("standards:category_edit", kwargs={"pk": 999999})).status_code == 403
    assert client.post(reverse("standards:category_move", kwargs={"pk": shelves[0].pk}),
                       {"direction": "up"}).status_code == 403  # fmt: skip


# --- The library's pagination ---------------------------------------------------------------------------------------


def test_the_library_pages_instead_of_capping(client, pmo_user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    StandardDocument.objects.bulk_create(
        StandardDocument(code=f"DOC-{i:03d}", title=f"Doc {i}", owner=pmo_user, status="published") for i in range(7)
    )
    client.force_login(pmo_user)
    first = client.get(reverse("standards:index"), {"page_size": 3})
    assert [d.code for d in first.context["documents"]] == ["DOC-000", "DOC-001", "DOC-002"]
    assert first.context["pages"]["documents"].has_next
    assert "documents_page=2" in first.content.decode()
    last = client.get(reverse("standards:index"), {"page_size": 3, "documents_page": 3})
    assert [d.code for d in last.context["documents"]] == ["DOC-006"]
    assert not last.context["pages"]["documents"].has_next
    huge = client.get(reverse("standards:index"), {"page_size": 5000, "documents_page": "x"})
    assert huge.status_code == 200 and huge.context["pages"]["documents"].size == 200
    assert len(huge.context["documents"]) == 7
    beyond = client.get(reverse("standards:index"), {"documents_page": "9" * 30, "page_size": "-4"})
    assert beyond.status_code == 200 and beyond.context["documents"] == []  # no OFFSET overflow, no 500
    body = beyond.content.decode()
    assert "No rows on this page." in body and "No standard documents have been published yet." not in body
