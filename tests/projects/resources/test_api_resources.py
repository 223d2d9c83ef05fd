"""/api/v1/people/ and /api/v1/allocations/: who reads and writes, the services' rules as 400 per field, hidden
projects as 404, no delete."""

import pytest
from rest_framework.test import APIClient

from projects.models import Allocation
from tests.projects.resources.conftest import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_everyone_with_a_role_reads_people_only_the_pmo_writes(api, member_user, pmo_user, person, org, norole_user):
    api.force_authenticate(member_user)
    rows = api.get("/api/v1/people/").json()["results"]
    assert rows[0]["skills"] == ["Java"] and rows[0]["capacity_fte"] == "1.00"
    assert api.post("/api/v1/people/", {"name": "x", "org_unit": org.pk}, format="json").status_code == 403
    api.force_authenticate(pmo_user)
    created = api.post(
        "/api/v1/people/", {"name": "新人", "org_unit": org.pk, "skills": ["Go"], "capacity_fte": "0.8"}, format="json"
    )
    assert created.status_code == 201, created.content
    bad = api.post("/api/v1/people/", {"name": "y", "org_unit": org.pk, "capacity_fte": "3"}, format="json")
    assert bad.status_code == 400 and "capacity_fte" in bad.json()
    assert api.delete(f"/api/v1/people/{person.pk}/").status_code == 405
    api.force_authenticate(norole_user)
    assert api.get("/api/v1/people/").status_code == 403


def test_person_update_needs_version(api, pmo_user, person):
    api.force_authenticate(pmo_user)
    missing = api.patch(f"/api/v1/people/{person.pk}/", {"active": False}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    ok = api.patch(f"/api/v1/people/{person.pk}/", {"active": False, "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = api.patch(f"/api/v1/people/{person.pk}/", {"active": True, "version": 1}, format="json")
    assert stale.status_code == 409


def test_pm_books_through_the_api_with_rules_at_fields(api, pm_user, project, person):
    api.force_authenticate(pm_user)
    body = {"person": person.pk, "project": project.pk, "month": "2026-11", "percent": 40, "skill": "Java"}
    created = api.post("/api/v1/allocations/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["month"] == "2026-11"
    for field, value in [("percent", 101), ("month", "2026-13")]:
        bad = api.post("/api/v1/allocations/", {**body, "month": "2026-12", field: value}, format="json")
        assert bad.status_code == 400 and list(bad.json()) == [field], bad.content
    dup = api.post("/api/v1/allocations/", body, format="json")
    assert dup.status_code == 400 and "month" in dup.json()
    pk = created.json()["id"]
    assert api.patch(f"/api/v1/allocations/{pk}/", {"percent": 10, "version": 1}, format="json").status_code == 200
    assert api.delete(f"/api/v1/allocations/{pk}/").status_code == 405


def test_other_pm_gets_403_and_hidden_project_is_404(api, other_pm, member_user, project, person):
    a = book(person, project)
    api.force_authenticate(other_pm)
    body = {"person": person.pk, "project": project.pk, "month": "2026-12", "percent": 10}
    assert api.post("/api/v1/allocations/", body, format="json").status_code == 403
    assert api.patch(f"/api/v1/allocations/{a.pk}/", {"percent": 5, "version": 1}, format="json").status_code == 403
    project.confidential = True
    project.save()
    api.force_authenticate(member_user)
    assert api.get(f"/api/v1/allocations/{a.pk}/").status_code == 404
    assert api.get("/api/v1/allocations/").json()["count"] == 0
    assert Allocation.objects.get().percent == 50


def test_allocation_filters_and_over_flag(api, pmo_user, project, other_project, person):
    book(person, project, percent=60)
    book(person, other_project, percent=50)
    api.force_authenticate(pmo_user)
    rows = api.get("/api/v1/allocations/", {"month": "2026-11", "person": person.pk}).json()["results"]
    assert len(rows) == 2 and all(r["utilisation_over"] for r in rows)
    assert api.get("/api/v1/allocations/", {"month": "11/2026x"}).status_code == 400
