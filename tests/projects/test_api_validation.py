"""Bad input through the API: 400 with the message at the field, never a 500, nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from core.models import AuditEntry
from projects import services, validation
from projects.evaluation import evaluate
from projects.models import Baseline, CostPlan, Issue, Milestone, Project, Risk, StatusReport
from projects.services.status import ReportContent
from tests.factories import IssueFactory, OrgUnitFactory, ProjectFactory, RiskFactory

pytestmark = pytest.mark.django_db

REPORT = {
    "overall_rag": "green",
    "schedule_rag": "green",
    "cost_rag": "green",
    "quality_rag": "green",
    "scope_rag": "green",
    "percent_complete": "25",
    "summary": "On track",
}


@pytest.fixture
def api(pm_user):
    client = APIClient()
    client.force_login(pm_user)
    return client


@pytest.fixture
def project(pm_user):
    return ProjectFactory(code="PRJ-2026-001", pm=pm_user)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Project, Baseline, StatusReport, Issue, Risk, Milestone, AuditEntry)
    }


def assert_400_at(response, field: str) -> None:
    assert response.status_code == 400, (response.status_code, response.content)
    body = response.json()
    assert field in body, body
    assert body[field] and all(isinstance(message, str) and message for message in body[field]), body


# --- Projects -------------------------------------------------------------------------------------------------------


def project_payload(**changes) -> dict:
    payload = {
        "code": "PRJ-2026-099",
        "name": "New system",
        "org_unit": OrgUnitFactory().pk,
        "pm": "bob_pm",
        "planned_start": "2026-04-01",
        "planned_end": "2026-12-31",
        "bac": "1000000",
    }
    payload.update(changes)
    return payload


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"planned_end": "2026-03-31"}, "planned_end"),  # end before start
        ({"bac": "-1"}, "bac"),  # negative budget
        ({"bac": "abc"}, "bac"),
        ({"bac": "1.5"}, "bac"),  # whole currency units only
        ({"planned_start": "2026-13-01"}, "planned_start"),  # malformed date
        ({"planned_end": "31/12/2026"}, "planned_end"),
        ({"bac": None}, "bac"),  # required when creating
        ({"pm": "nobody"}, "pm"),  # unknown username
        ({"deputy_pm": "ghost"}, "deputy_pm"),
        ({"org_unit": 999999}, "org_unit"),
        ({"phase": "dreaming"}, "phase"),
        ({"code": ""}, "code"),
    ],
)
def test_bad_project_input(api, pm_user, changes, field):
    payload = project_payload(**changes)
    before = counts()
    response = api.post("/api/v1/projects/", payload, format="json")
    assert_400_at(response, field)
    assert counts() == before


def test_duplicate_project_code(api, project):
    before = counts()
    assert_400_at(api.post("/api/v1/projects/", project_payload(code=project.code), format="json"), "code")
    assert counts() == before


def test_bad_project_update_changes_nothing(api, project):
    before = (project.name, project.version)
    response = api.patch(f"/api/v1/projects/{project.pk}/", {"name": "OK", "pm": "nobody"}, format="json")
    assert_400_at(response, "pm")
    project.refresh_from_db()
    assert (project.name, project.version) == before


def test_messages_are_translated(api):
    """The language is the user's choice (the language cookie), Japanese by default."""
    messages = {}
    for language in ("en", "ja"):
        api.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = api.post("/api/v1/projects/", project_payload(planned_start="x"), format="json")
        messages[language] = response.json()["planned_start"][0]
    assert messages["en"] != messages["ja"]
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in messages["ja"]), messages


# --- Risks ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"probability": 0}, "probability"),
        ({"probability": 6}, "probability"),
        ({"impact": 0}, "impact"),
        ({"impact": 6}, "impact"),
        ({"impact": -3}, "impact"),
        ({"probability": "high"}, "probability"),
        ({"next_review_date": "2026-02-30"}, "next_review_date"),
        ({"owner": "nobody"}, "owner"),
        ({"project": 999999}, "project"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_risk_input(api, project, changes, field):
    payload = {"project": project.pk, "title": "Vendor late", "probability": 3, "impact": 3, **changes}
    before = counts()
    assert_400_at(api.post("/api/v1/risks/", payload, format="json"), field)
    assert counts() == before


def test_bad_risk_update_changes_nothing(api, project):
    risk = RiskFactory(project=project, probability=2, impact=2)
    response = api.patch(
        f"/api/v1/risks/{risk.pk}/", {"probability": 7, "title": "Changed", "version": 1}, format="json"
    )
    assert_400_at(response, "probability")
    risk.refresh_from_db()
    assert (risk.probability, risk.title, risk.version) == (2, risk.title, 1)
    assert risk.title != "Changed"


# --- Status reports -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"week": "2026-47"}, "week"),
        ({"week": "2026-W54"}, "week"),  # 2026 has 53 weeks
        ({"week": "W47"}, "week"),
        ({"week": ""}, "week"),
        ({"percent_complete": "100.01"}, "percent_complete"),
        ({"percent_complete": "-1"}, "percent_complete"),
        ({"percent_complete": "lots"}, "percent_complete"),
        ({"overall_rag": "blue"}, "overall_rag"),
        ({"actual_cost_to_date": "-5"}, "actual_cost_to_date"),
        ({"summary": ""}, "summary"),
        ({"project": 999999}, "project"),
    ],
)
def test_bad_status_report_input(api, project, changes, field):
    payload = {**REPORT, "project": project.pk, "week": "2026-W47", **changes}
    before = counts()
    assert_400_at(api.post("/api/v1/status-reports/", payload, format="json"), field)
    assert counts() == before


def test_week_is_normalised(api, project):
    response = api.post("/api/v1/status-reports/", {**REPORT, "project": project.pk, "week": "2026-w47"}, format="json")
    assert response.status_code == 201 and response.json()["week"] == "2026-W47"
    assert response.json()["week_start"] == "2026-11-16"


def test_second_report_for_the_same_week(api, project, pm_user):
    services.create_status_report(
        actor=pm_user, project=project, week="2026-W47", content=ReportContent.from_mapping(REPORT)
    )
    before = counts()
    response = api.post("/api/v1/status-reports/", {**REPORT, "project": project.pk, "week": "2026-W47"}, format="json")
    assert_400_at(response, "week")
    assert counts() == before


def test_bad_status_report_update_changes_nothing(api, project, pm_user):
    report = services.create_status_report(
        actor=pm_user, project=project, week="2026-W47", content=ReportContent.from_mapping(REPORT)
    )
    response = api.patch(
        f"/api/v1/status-reports/{report.pk}/", {"percent_complete": "150", "summary": "x"}, format="json"
    )
    assert_400_at(response, "percent_complete")
    report.refresh_from_db()
    assert (report.percent_complete, report.summary, report.version) == (Decimal(25), "On track", 1)


@pytest.fixture
def behind_plan(project):
    """A project whose numbers suggest a red schedule in 2026-W20 (PV 6M, EV 1.2M)."""
    CostPlan.objects.create(project=project, month=dt.date(2026, 4, 1), planned_cost=Decimal(6_000_000))
    CostPlan.objects.create(project=project, month=dt.date(2026, 5, 1), planned_cost=Decimal(6_000_000))
    _result, suggested = evaluate(project, week="2026-W20", percent_complete=Decimal(10), actual_cost_to_date=None)
    assert suggested["schedule"] == "red"
    return project


def test_overriding_the_suggested_rag_needs_a_comment(api, behind_plan):
    payload = {**REPORT, "project": behind_plan.pk, "week": "2026-W20", "percent_complete": "10"}
    before = counts()
    assert_400_at(api.post("/api/v1/status-reports/", payload, format="json"), "rag_comment")
    assert counts() == before
    payload["rag_comment"] = "The plan is being re-baselined; the team is on schedule for the new plan."
    response = api.post("/api/v1/status-reports/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["suggested_schedule_rag"] == "red" and response.json()["schedule_rag"] == "green"


def test_following_the_suggestion_needs_no_comment(api, behind_plan):
    payload = {
        **REPORT,
        "project": behind_plan.pk,
        "week": "2026-W20",
        "percent_complete": "10",
        "schedule_rag": "red",
        "overall_rag": "red",
    }
    response = api.post("/api/v1/status-reports/", payload, format="json")
    assert response.status_code == 201, response.json()
    # Editing it to green without a comment is refused too, and leaves it red.
    url = f"/api/v1/status-reports/{response.json()['id']}/"
    assert_400_at(api.patch(url, {"schedule_rag": "green", "version": 1}, format="json"), "rag_comment")
    assert StatusReport.objects.get(project=behind_plan).schedule_rag == "red"


def test_rag_override_rule():
    suggested = {"overall": "red", "schedule": "red", "cost": "", "quality": "green"}
    chosen = {"overall_rag": "red", "schedule_rag": "red", "cost_rag": "green", "quality_rag": "green"}
    assert validation.overridden_rag_dimensions(chosen=chosen, suggested=suggested) == []
    assert validation.rag_override_error(chosen=chosen, suggested=suggested, rag_comment="") is None
    chosen["schedule_rag"] = "amber"
    assert validation.overridden_rag_dimensions(chosen=chosen, suggested=suggested) == ["schedule"]
    assert validation.rag_override_error(chosen=chosen, suggested=suggested, rag_comment="  ")
    assert validation.rag_override_error(chosen=chosen, suggested=suggested, rag_comment="why") is None


# --- Issues, milestones, odd bodies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"due_date": "tomorrow"}, "due_date"),
        ({"due_date": "2026-02-29"}, "due_date"),  # not a leap year
        ({"owner": "nobody"}, "owner"),
        ({"priority": "urgent!"}, "priority"),
        ({"raised_on": "2026-05-10", "resolved_on": "2026-05-01"}, "resolved_on"),
        ({"raised_on": "2026-05-10", "due_date": "2026-05-01"}, "due_date"),
    ],
)
def test_bad_issue_input(api, project, changes, field):
    before = counts()
    response = api.post("/api/v1/issues/", {"project": project.pk, "title": "Bug", **changes}, format="json")
    assert_400_at(response, field)
    assert counts() == before


def test_bad_issue_update(api, project):
    issue = IssueFactory(project=project, raised_on=dt.date(2026, 5, 10))
    response = api.patch(f"/api/v1/issues/{issue.pk}/", {"resolved_on": "2026-05-01", "version": 1}, format="json")
    assert_400_at(response, "resolved_on")
    issue.refresh_from_db()
    assert issue.resolved_on is None


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"baseline_date": "2026-06-31"}, "baseline_date"),
        ({"weight": "-1"}, "weight"),
        ({"forecast_date": "soon"}, "forecast_date"),
        ({"actual_date": "2999-01-01"}, "actual_date"),  # in the future
    ],
)
def test_bad_milestone_input(api, project, changes, field):
    before = counts()
    payload = {"project": project.pk, "name": "Go-live", "baseline_date": "2026-06-30", **changes}
    assert_400_at(api.post("/api/v1/milestones/", payload, format="json"), field)
    assert counts() == before


@pytest.mark.parametrize("url", ["/api/v1/projects/", "/api/v1/status-reports/", "/api/v1/issues/"])
@pytest.mark.parametrize("body", [[1, 2], "text", {"project": [1]}, {"project": {"id": 1}}])
def test_odd_bodies_are_400_not_500(api, project, url, body):
    before = counts()
    response = api.post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert counts() == before


def test_review_needs_a_valid_decision(project, pm_user, pmo_user):
    report = services.create_status_report(
        actor=pm_user, project=project, week="2026-W47", content=ReportContent.from_mapping(REPORT)
    )
    services.submit_status_report(actor=pm_user, report=report, expected_version=report.version)
    report.refresh_from_db()
    client = APIClient()
    client.force_login(pmo_user)
    url = f"/api/v1/status-reports/{report.pk}/review/"
    assert_400_at(client.post(url, {"decision": "maybe", "version": report.version}, format="json"), "decision")
    assert_400_at(client.post(url, {"decision": "return", "version": report.version}, format="json"), "comment")
    assert_400_at(client.post(url, {"decision": "accept"}, format="json"), "version")
    report.refresh_from_db()
    assert report.state == "submitted"
