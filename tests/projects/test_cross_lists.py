"""The cross-project lists (issues, risks, action items): visibility, the shared FilterSet's filters, the PMO's
"escalated" view, sorting, pagination, the htmx partial, and the same filters in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from projects.models import ActionItem
from tests.factories import IssueFactory, OrgUnitFactory, ProjectFactory, RiskFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def portfolio(pm_user, other_pm):
    unit_a, unit_b = OrgUnitFactory(name="Unit A"), OrgUnitFactory(name="Unit B")
    mine = ProjectFactory(code="CL-MINE", pm=pm_user, org_unit=unit_a)
    theirs = ProjectFactory(code="CL-THEIRS", pm=other_pm, org_unit=unit_b)
    secret = ProjectFactory(code="CL-SECRET", pm=other_pm, org_unit=unit_b, confidential=True)
    owner = UserFactory(username="olga_owner")
    issues = {
        "late": IssueFactory(project=mine, title="Late interface", due_date=dt.date(2026, 11, 1), owner=owner),
        "pmo": IssueFactory(project=theirs, title="Escalated to PMO", escalation_level="pmo", priority="critical"),
        "exec_closed": IssueFactory(
            project=theirs, title="Closed executive one", escalation_level="executive", status="closed"
        ),
        "exec": IssueFactory(project=mine, title="Executive one", escalation_level="executive", priority="low"),
        "secret": IssueFactory(project=secret, title="Secret issue", escalation_level="pmo"),
    }
    RiskFactory(project=mine, title="Vendor risk", next_review_date=dt.date(2026, 11, 2), owner=owner)
    RiskFactory(project=secret, title="Secret risk")
    ActionItem.objects.create(project=theirs, title="Send minutes", due_date=dt.date(2026, 11, 20))
    ActionItem.objects.create(project=secret, title="Secret action")
    return {"mine": mine, "theirs": theirs, "secret": secret, "unit_a": unit_a, "owner": owner, "issues": issues}


def titles(response) -> list[str]:
    return [item.title for item in response.context["items"]]


def test_a_pm_sees_the_items_of_every_visible_project_but_not_a_confidential_one(client, pm_user, portfolio):
    client.force_login(pm_user)
    issues = client.get(reverse("projects:issue_list"))
    assert issues.status_code == 200
    assert set(titles(issues)) == {"Late interface", "Escalated to PMO", "Closed executive one", "Executive one"}
    assert "Secret issue" not in issues.text
    assert titles(client.get(reverse("projects:risk_list"))) == ["Vendor risk"]
    assert titles(client.get(reverse("projects:action_list"))) == ["Send minutes"]


def test_the_pmo_sees_confidential_projects_items(client, pmo_user, portfolio):
    client.force_login(pmo_user)
    assert "Secret issue" in titles(client.get(reverse("projects:issue_list")))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("project=CL-MINE", {"Late interface", "Executive one"}),
        ("owner=olga_owner", {"Late interface"}),
        ("priority=critical", {"Escalated to PMO"}),
        ("status=closed", {"Closed executive one"}),
        ("escalation_level=executive", {"Closed executive one", "Executive one"}),
        ("overdue=true", {"Late interface"}),
        ("overdue=1", {"Late interface"}),
        ("q=executive", {"Closed executive one", "Executive one"}),
    ],
)
def test_issue_filters(client, pm_user, portfolio, query, expected):
    client.force_login(pm_user)
    assert set(titles(client.get(reverse("projects:issue_list") + "?" + query))) == expected


def test_org_unit_filter(client, pm_user, portfolio):
    client.force_login(pm_user)
    url = reverse("projects:issue_list") + f"?org_unit={portfolio['unit_a'].pk}"
    assert set(titles(client.get(url))) == {"Late interface", "Executive one"}


def test_the_escalated_view_is_a_saved_filter_of_open_issues_escalated_to_the_pmo_or_executives(
    client, pmo_user, portfolio
):
    client.force_login(pmo_user)
    page = client.get(reverse("projects:issue_list"))
    url = page.context["escalated_url"]
    assert url in page.text.replace("&amp;", "&")
    escalated = client.get(url)
    assert set(titles(escalated)) == {"Escalated to PMO", "Executive one", "Secret issue"}
    assert escalated.context["escalated_active"]


def test_overdue_risks_are_open_ones_past_their_review_date(client, pm_user, portfolio):
    client.force_login(pm_user)
    assert titles(client.get(reverse("projects:risk_list") + "?overdue=true")) == ["Vendor risk"]
    assert titles(client.get(reverse("projects:action_list") + "?overdue=true")) == ["Send minutes"]
    assert titles(client.get(reverse("projects:action_list") + "?status=done")) == []


def test_sorting_by_priority_follows_the_scale_not_the_alphabet(client, pm_user, portfolio):
    client.force_login(pm_user)
    up = titles(client.get(reverse("projects:issue_list") + "?ordering=priority"))
    assert up[0] == "Executive one" and up[-1] == "Escalated to PMO"
    down = titles(client.get(reverse("projects:issue_list") + "?ordering=-priority"))
    assert down[0] == "Escalated to PMO"
    # An unknown key is ignored, not an error.
    assert client.get(reverse("projects:issue_list") + "?ordering=password").status_code == 200


def test_pagination_25_a_page_and_the_htmx_partial(client, pm_user, portfolio):
    for n in range(30):
        IssueFactory(project=portfolio["mine"], title=f"Bulk {n:02d}")
    client.force_login(pm_user)
    first = client.get(reverse("projects:issue_list"))
    assert len(first.context["items"]) == 25
    assert first.context["paginator"].count == 34
    partial = client.get(reverse("projects:issue_list") + "?page=2", headers={"HX-Request": "true"})
    assert len(partial.context["items"]) == 9
    assert "<html" not in partial.text and 'id="list-filter"' not in partial.text
    assert "HX-Request" in partial["Vary"]


def test_the_lists_are_linked_from_the_project_list(client, pm_user, portfolio):
    client.force_login(pm_user)
    page = client.get(reverse("projects:list")).text
    for name in ("projects:issue_list", "projects:risk_list", "projects:action_list"):
        assert f'href="{reverse(name)}"' in page


def test_a_user_without_a_role_gets_403(client, norole_user):
    client.force_login(norole_user)
    assert client.get(reverse("projects:issue_list")).status_code == 403


def test_the_api_lists_use_the_same_filters(client, pm_user, portfolio):
    client.force_login(pm_user)

    def api_titles(url):
        response = client.get(url)
        assert response.status_code == 200
        return {row["title"] for row in response.json()["results"]}

    assert api_titles("/api/v1/issues/?escalated=true&open=true") == {"Escalated to PMO", "Executive one"}
    assert api_titles("/api/v1/issues/?overdue=true") == {"Late interface"}
    assert api_titles(f"/api/v1/issues/?org_unit={portfolio['unit_a'].pk}") == {"Late interface", "Executive one"}
    assert api_titles("/api/v1/risks/?owner=olga_owner&overdue=true") == {"Vendor risk"}
    assert api_titles("/api/v1/action-items/?overdue=true") == {"Send minutes"}
