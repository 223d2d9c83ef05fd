"""The "Costs & quality" tab, the cost/quality API, and EVM fed from the cost plan on a new project's first report.

The rules themselves are tested once at the service (tests/projects/services/test_cost_rules.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import AuditEntry
from projects.models import CostActual, CostPlan, ProjectMembership, QualityRecord, StatusReport
from projects.services import costs, quality
from projects.services.costs import MonthAmount
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

WEEK = "2026-W48"


@pytest.fixture
def project(pm_user, member_user):
    project = ProjectFactory(pm=pm_user, code="PRJ-COST-010")
    ProjectMembership.objects.create(project=project, user=member_user)
    return project


def page(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_authenticate(user)
    return client


def costs_url(project) -> str:
    return reverse("projects:costs", kwargs={"code": project.code})


def monthly_plan(project, actor, amount=Decimal(1_000_000)) -> None:
    months = [dt.date(2026, m, 1) for m in range(4, 13)] + [dt.date(2027, m, 1) for m in range(1, 4)]
    costs.set_cost_plan(actor=actor, project=project, rows=[MonthAmount(m, amount) for m in months])


# --- The tab --------------------------------------------------------------------------------------------------------


def test_the_grid_has_a_row_per_baseline_month_with_cumulative_figures(project, pm_user):
    monthly_plan(project, pm_user)
    costs.set_cost_actuals(actor=pm_user, project=project, rows=[MonthAmount(dt.date(2026, 4, 1), Decimal(900_000))])
    response = page(pm_user).get(costs_url(project))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["key"] for r in rows][:2] == ["2026-04", "2026-05"] and len(rows) == 12
    assert rows[1]["cum_pv"] == "2,000,000 yen"
    assert rows[0]["cum_ac"] == "900,000 yen"
    content = response.content.decode()
    assert 'name="planned_cost-2026-04"' in content and 'value="1,000,000"' in content
    # Months that have not started take no actual cost in the browser.
    assert response.context["grid"].fields["actual_cost-2026-12"].disabled
    assert "Costs &amp; quality" in content  # the tab


def test_the_grid_saves_in_one_post_with_separators(project, pm_user):
    data = {"form": "grid", "planned_cost-2026-04": "1,200,000", "planned_cost-2026-05": "800000円"}
    data["actual_cost-2026-04"] = "1,000"
    response = page(pm_user).post(costs_url(project), data)
    assert response.status_code == 302
    assert dict(CostPlan.objects.values_list("month", "planned_cost")) == {
        dt.date(2026, 4, 1): Decimal(1_200_000),
        dt.date(2026, 5, 1): Decimal(800_000),
    }
    assert CostActual.objects.get().actual_cost == Decimal(1000)


def test_a_refused_cell_shows_its_error_and_nothing_is_saved(project, pm_user):
    data = {"form": "grid", "planned_cost-2026-04": "1,200,000", "planned_cost-2026-05": "-5"}
    response = page(pm_user).post(costs_url(project), data)
    assert response.status_code == 200
    assert response.context["grid"].errors == {"planned_cost-2026-05": [str(costs.AMOUNT_NEGATIVE)]}
    content = response.content.decode()
    assert 'id="id_planned_cost-2026-05_error"' in content
    assert not CostPlan.objects.exists()


def test_a_stale_grid_is_refused_with_409(project, pm_user, pmo_user):
    monthly_plan(project, pm_user)
    form = page(pm_user).get(costs_url(project)).context["grid"]
    version = form["planned_cost_version-2026-04"].value()
    costs.set_cost_plan(actor=pmo_user, project=project, rows=[MonthAmount(dt.date(2026, 4, 1), Decimal(5), version)])
    data = {"form": "grid", "planned_cost-2026-04": "7", "planned_cost_version-2026-04": str(version)}
    response = page(pm_user).post(costs_url(project), data)
    assert response.status_code == 409
    assert CostPlan.objects.get(month=dt.date(2026, 4, 1)).planned_cost == Decimal(5)


def test_members_read_but_do_not_write(project, member_user):
    response = page(member_user).get(costs_url(project))
    assert response.status_code == 200
    assert 'name="planned_cost-2026-04"' not in response.content.decode()
    assert page(member_user).post(costs_url(project), {"form": "grid"}).status_code == 403


def test_a_quality_record_is_added_and_changed_on_the_tab(project, pm_user):
    data = {"form": "quality", "week": "2026-W47", "defects_found": "3", "defects_fixed": "1", "defects_open": "2"}
    data.update({"tests_planned": "10", "tests_run": "10", "tests_passed": "9", "review_findings": "4"})
    assert page(pm_user).post(costs_url(project), data).status_code == 302
    record = QualityRecord.objects.get()
    response = page(pm_user).get(costs_url(project) + "?week=2026-W47")
    assert response.context["quality_form"]["record"].value() == record.pk
    refused = {**data, "record": record.pk, "version": record.version, "tests_passed": "11"}
    response = page(pm_user).post(costs_url(project), refused)
    assert response.context["quality_form"].errors == {"tests_passed": [quality.PASSED_OVER_RUN % {"run": 10}]}
    ok = {**refused, "tests_passed": "10"}
    assert page(pm_user).post(costs_url(project), ok).status_code == 302
    assert QualityRecord.objects.get().tests_passed == 10


# --- The API --------------------------------------------------------------------------------------------------------


def test_cost_plan_api_lists_creates_updates_and_deletes(project, pm_user, member_user):
    client = api(pm_user)
    created = client.post(
        "/api/v1/cost-plans/", {"project": project.pk, "month": "2026-04", "planned_cost": 1000}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["month"] == "2026-04-01" and Decimal(body["planned_cost"]) == 1000 and body["version"] == 1
    listed = api(member_user).get(f"/api/v1/cost-plans/?project={project.code}").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]
    url = f"/api/v1/cost-plans/{body['id']}/"
    assert client.patch(url, {"planned_cost": 5}, format="json").status_code == 400  # no version
    assert client.patch(url, {"planned_cost": 5, "version": 9}, format="json").status_code == 409
    assert client.patch(url, {"planned_cost": 5, "version": 1}, format="json").json()["version"] == 2
    assert api(member_user).delete(url).status_code == 403
    assert client.delete(url).status_code == 204
    assert AuditEntry.objects.filter(object_type="costplan", action="delete").count() == 1


def test_cost_actual_and_quality_api_use_the_services_rules(project, pm_user, other_pm):
    client = api(pm_user)
    refused = client.post(
        "/api/v1/cost-actuals/", {"project": project.pk, "month": "2026-12", "actual_cost": "1.5"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json() == {
        "month": [costs.MONTH_IN_FUTURE % {"month": "2026-12"}],
        "actual_cost": [str(costs.AMOUNT_NOT_WHOLE)],
    }
    body = {"project": project.pk, "week": "2026-W47", "tests_run": 3, "tests_passed": 4}
    refused = client.post("/api/v1/quality-records/", body, format="json")
    assert refused.json() == {"tests_passed": [quality.PASSED_OVER_RUN % {"run": 3}]}
    created = client.post("/api/v1/quality-records/", {**body, "tests_passed": 3}, format="json")
    assert created.status_code == 201 and Decimal(str(created.json()["test_pass_rate"])) == 100
    assert api(other_pm).post("/api/v1/quality-records/", body, format="json").status_code == 403


# --- EVM fed by the cost plan ---------------------------------------------------------------------------------------


def test_a_new_project_with_a_cost_plan_gets_spi_cpi_and_a_suggested_rag_on_its_first_report(
    project, pm_user, pmo_user
):
    monthly_plan(project, pmo_user)
    costs.set_cost_actuals(
        actor=pm_user,
        project=project,
        rows=[MonthAmount(dt.date(2026, m, 1), Decimal(1_000_000)) for m in range(4, 12)],
    )
    client = page(pm_user)
    form = client.get(reverse("projects:status_edit", kwargs={"code": project.code, "week": WEEK}))
    content = form.content.decode()
    assert "from the cost plan to" in content and "from the monthly actuals to" in content
    suggestion = form.context["suggestion"]
    assert suggestion.sources.pv_to == dt.date(2026, 11, 27) and suggestion.sources.ac_to == dt.date(2026, 11, 27)
    data = {
        "percent_complete": "60",
        "actual_cost_to_date": "",
        "scope_rag": "green",
        "summary": "First report.",
        "action": "submit",
    }
    evm, suggested = _suggested(project, Decimal(60))
    data.update({f"{k}_rag": v or "green" for k, v in suggested.items()})
    response = client.post(reverse("projects:status_edit", kwargs={"code": project.code, "week": WEEK}), data)
    assert response.status_code == 302, response.context["form"].errors
    report = StatusReport.objects.get(project=project, week=WEEK)
    assert report.spi is not None and report.cpi is not None and report.spi_t is not None
    assert report.suggested_overall_rag in ("green", "amber", "red")
    assert report.ac == Decimal(8_000_000)


def _suggested(project, percent):
    from projects import evaluation

    return evaluation.evaluate(project, week=WEEK, percent_complete=percent, actual_cost_to_date=None)


def test_the_status_form_says_what_is_missing_instead_of_a_silent_zero(project, pm_user):
    response = page(pm_user).get(reverse("projects:status_edit", kwargs={"code": project.code, "week": WEEK}))
    content = response.content.decode()
    assert "no cost plan yet" in content and f'href="{costs_url(project)}"' in content
    assert "no monthly actuals yet" in content
