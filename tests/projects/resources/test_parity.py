"""Rule × {page, API}: each path refuses with the same words, at the field (page: the grid cell or form field; API:
the 400's key)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.services import resources as svc
from tests.projects.resources.conftest import book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def _message(exc_type, **kwargs):
    with pytest.raises(exc_type) as exc:
        svc.create_allocation(**kwargs)
    return exc.value


@pytest.mark.parametrize(
    ("field", "page_value", "api_value"),
    [("percent", "101", 101), ("percent", "-5", -5)],
)
def test_allocation_rules_same_words_on_page_and_api(client, pm_user, project, person, field, page_value, api_value):
    from core.exceptions import RuleError

    words = _message(RuleError, actor=pm_user, person=person, project=project, month="2026-11", percent=api_value)
    expected = words.errors[field][0]
    client.force_login(pm_user)
    page = client.post(
        reverse("projects:resources", kwargs={"code": project.code}),
        {"new-person": str(person.pk), "a-new-202611": page_value},
    )
    assert page.status_code == 400
    assert page.context["new_cells"][0].error == expected
    api = APIClient()
    api.force_authenticate(pm_user)
    body = {"person": person.pk, "project": project.pk, "month": "2026-11", "percent": api_value}
    response = api.post("/api/v1/allocations/", body, format="json")
    assert response.status_code == 400 and response.json() == {field: [expected]}


def test_closed_project_same_words_on_page_and_api(client, pm_user, project, person):
    a = book(person, project, percent=10)
    project.state = "closed"
    project.save()
    client.force_login(pm_user)
    url = reverse("projects:resources", kwargs={"code": project.code})
    page = client.post(url, {f"a-{person.pk}-202611": "20", f"v-{person.pk}-202611": "1"})
    cell = page.context["rows"][0].cells[0]
    api = APIClient()
    api.force_authenticate(pm_user)
    response = api.patch(f"/api/v1/allocations/{a.pk}/", {"percent": 20, "version": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {"project": [cell.error]}


def test_person_rule_same_words_on_page_and_api(client, pmo_user, org):
    client.force_login(pmo_user)
    page = client.post(reverse("projects:people"), {"name": "x", "org_unit": org.pk, "capacity_fte": "0"})
    api = APIClient()
    api.force_authenticate(pmo_user)
    response = api.post("/api/v1/people/", {"name": "x", "org_unit": org.pk, "capacity_fte": "0"}, format="json")
    assert response.status_code == 400
    assert response.json()["capacity_fte"] == page.context["form"].errors["capacity_fte"]
