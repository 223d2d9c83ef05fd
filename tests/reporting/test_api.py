"""The reporting API's contract: /api/v1/reports/, /api/v1/report-schedules/, /api/v1/portfolio/."""

from __future__ import annotations

import pytest

from reporting.models import ReportRun
from reporting.services import pipeline
from tests.factories import OrgUnitFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_dir(settings, tmp_path):
    settings.PMO_REPORTS_DIR = str(tmp_path / "reports")


def test_post_a_weekly_status_run_then_download_it(client, pm_user, django_capture_on_commit_callbacks):
    project = ProjectFactory(pm=pm_user)
    client.force_login(pm_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            "/api/v1/reports/", {"kind": "weekly_status", "project": project.pk}, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "queued" and body["download_url"] is None and body["kind"] == "weekly_status"
    assert len(callbacks) == 1
    pipeline.execute(body["id"], final=True)
    body = client.get(f"/api/v1/reports/{body['id']}/").json()
    assert body["state"] == "done" and body["download_url"].endswith(f"/reports/runs/{body['id']}/download/")
    assert client.get(body["download_url"]).status_code == 200


def test_post_a_qcd_run_for_an_org_unit(client, exec_user, django_capture_on_commit_callbacks):
    unit = OrgUnitFactory()
    inside = ProjectFactory(org_unit=unit)
    ProjectFactory()
    client.force_login(exec_user)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/api/v1/reports/", {"kind": "qcd", "org_unit": unit.pk}, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    assert set(response.json().keys()) >= {"id", "state", "download_url"}
    assert ReportRun.objects.get(pk=response.json()["id"]).scope_project_ids == [inside.pk]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "weekly_status"}, "project"),
        ({"kind": "monthly"}, "kind"),
        ({"kind": "weekly_status", "project": 999999}, "project"),
        ({"kind": "qcd", "org_unit": "x"}, "org_unit"),
    ],
)
def test_bad_requests_answer_400_at_the_field(client, pmo_user, payload, field):
    client.force_login(pmo_user)
    response = client.post("/api/v1/reports/", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ReportRun.objects.exists()


def test_a_pm_gets_403_for_a_qcd_and_400_for_a_hidden_project(client, pm_user, other_pm):
    secret = ProjectFactory(pm=other_pm, confidential=True)
    client.force_login(pm_user)
    assert client.post("/api/v1/reports/", {"kind": "qcd"}, content_type="application/json").status_code == 403
    response = client.post(
        "/api/v1/reports/", {"kind": "weekly_status", "project": secret.pk}, content_type="application/json"
    )
    assert response.status_code == 400 and "project" in response.json()


def test_a_hidden_run_is_a_404(client, pm_user, other_pm, django_capture_on_commit_callbacks):
    theirs = ProjectFactory(pm=other_pm)
    client.force_login(other_pm)
    with django_capture_on_commit_callbacks(execute=False):
        run_id = client.post(
            "/api/v1/reports/", {"kind": "weekly_status", "project": theirs.pk}, content_type="application/json"
        ).json()["id"]
    client.force_login(pm_user)
    assert client.get(f"/api/v1/reports/{run_id}/").status_code == 404
    assert client.get("/api/v1/reports/").json()["count"] == 0


def test_schedules_api(client, pmo_user, exec_user, pm_user):
    project = ProjectFactory(pm=pm_user)
    client.force_login(pmo_user)
    response = client.post(
        "/api/v1/report-schedules/",
        {"name": "週次報告", "kind": "weekly_status", "project": project.pk, "weekday": 4, "hour": 18, "minute": 0},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    schedule = response.json()
    bad = client.post(
        "/api/v1/report-schedules/",
        {"name": "x", "kind": "weekly_status", "weekday": 4, "hour": 25},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "hour" in bad.json()
    added = client.post(
        f"/api/v1/report-schedules/{schedule['id']}/recipients/",
        {"email": "a@example.co.jp"},
        content_type="application/json",
    )
    assert added.status_code == 201 and added.json()["recipients"][0]["email"] == "a@example.co.jp"
    stale = client.patch(
        f"/api/v1/report-schedules/{schedule['id']}/", {"hour": 17, "version": 99}, content_type="application/json"
    )
    assert stale.status_code == 409
    ok = client.patch(
        f"/api/v1/report-schedules/{schedule['id']}/",
        {"active": False, "version": schedule["version"]},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["active"] is False
    client.force_login(exec_user)
    assert client.get("/api/v1/report-schedules/").json()["count"] == 1
    assert (
        client.patch(
            f"/api/v1/report-schedules/{schedule['id']}/",
            {"active": True, "version": 2},
            content_type="application/json",
        ).status_code
        == 403
    )
    client.force_login(pm_user)
    assert client.get("/api/v1/report-schedules/").status_code == 403


def test_portfolio_api_filters_sorts_and_paginates(client, exec_user, pm_user):
    unit = OrgUnitFactory()
    for i in range(3):
        ProjectFactory(org_unit=unit, pm=pm_user, code=f"PRJ-API-{i}", spi=f"0.9{i}", overall_rag="red")
    ProjectFactory(code="PRJ-API-X")
    ProjectFactory(code="PRJ-API-C", org_unit=unit, state="closed")
    client.force_login(exec_user)
    body = client.get(f"/api/v1/portfolio/?org_unit={unit.pk}&o=-spi&page_size=2").json()
    assert body["count"] == 3
    assert [row["code"] for row in body["results"]] == ["PRJ-API-2", "PRJ-API-1"]
    row = body["results"][0]
    for key in (
        "overall_rag",
        "spi",
        "cpi",
        "bac",
        "eac",
        "vac",
        "next_milestone",
        "high_risks",
        "last_report_week",
        "rag_overridden",
        "stale",
        "open_escalation",
        "pm",
    ):
        assert key in row
    assert row["overall_rag"] == "red" and row["pm"] == pm_user.username
    assert client.get("/api/v1/portfolio/?org_unit=999999").status_code == 400
