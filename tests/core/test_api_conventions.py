"""Conventions every API list and body follows, for integrators."""

from __future__ import annotations

import pytest
import yaml
from rest_framework.test import APIClient

from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(pmo_user):
    client = APIClient()
    client.force_authenticate(pmo_user)
    return client


def test_page_size_is_honoured_up_to_200(api):
    for i in range(3):
        ProjectFactory(code=f"PRJ-P-{i:03d}")
    body = api.get("/api/v1/projects/?page_size=2").json()
    assert len(body["results"]) == 2 and body["count"] == 3
    assert len(api.get("/api/v1/projects/?page_size=500").json()["results"]) == 3  # capped at 200, not refused


def test_a_project_without_a_report_has_null_rags(api):
    ProjectFactory(code="PRJ-NEW-1")
    row = api.get("/api/v1/projects/").json()["results"][0]
    assert row["overall_rag"] is None and row["schedule_rag"] is None


def test_request_bodies_are_json_only_and_names_are_ascii(api):
    response = api.post("/api/v1/org-units/", {"code": "OU-X", "name": "X"}, format="multipart")
    assert response.status_code == 415
    schema = yaml.safe_load(api.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="ja").content)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            assert operation["operationId"].isascii(), (path, method)
            body = operation.get("requestBody", {}).get("content", {})
            assert set(body) <= {"application/json"}, (path, method, set(body))
    assert all(name.isascii() for name in schema["components"]["schemas"])
