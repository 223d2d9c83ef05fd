"""A quality target left blank in a re-baseline keeps the current baseline's value: at the service, on the page
(the PM's proposal form, the PMO's own re-baseline) and through the API alike."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.models import Baseline, BaselineProposal, ChangeRequest, ChangeStatus
from projects.services.baseline_proposals import decide_rebaseline, propose_rebaseline, rebaseline_at_once
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

TARGETS = {
    "defect_density_target": Decimal("0.50"),
    "review_coverage_target": Decimal("90.00"),
    "open_defects_target": 5,
    "test_pass_rate_target": Decimal("95.00"),
}


@pytest.fixture
def project(pm_user):
    project = ProjectFactory(pm=pm_user)
    Baseline.objects.filter(pk=project.baseline_id).update(**TARGETS)
    project.refresh_from_db()
    return project


@pytest.fixture
def cr(project):
    return ChangeRequest.objects.create(project=project, title="範囲追加", status=ChangeStatus.APPROVED)


def _targets(baseline: Baseline) -> dict:
    return {name: getattr(baseline, name) for name in TARGETS}


def _approve(pmo_user, proposal: BaselineProposal) -> Baseline:
    decide_rebaseline(actor=pmo_user, proposal=proposal, approve=True, expected_version=proposal.version)
    proposal.refresh_from_db()
    return proposal.baseline


def _propose(pm_user, project, cr, targets):
    return propose_rebaseline(
        actor=pm_user,
        project=project,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 9, 30),
        bac=Decimal("15000000"),
        reason="追加要件",
        change_request=cr,
        targets=targets,
    )


def test_blank_targets_of_a_proposal_keep_the_current_ones(project, cr, pm_user, pmo_user):
    blank = dict.fromkeys(TARGETS)
    blank["open_defects_target"] = ""
    proposal = _propose(pm_user, project, cr, blank)
    assert proposal.targets == {}
    assert _targets(_approve(pmo_user, proposal)) == TARGETS


def test_a_proposal_stores_only_the_targets_it_changes(project, cr, pm_user, pmo_user):
    given = {**dict.fromkeys(TARGETS), "review_coverage_target": Decimal("90"), "test_pass_rate_target": "97.5"}
    proposal = _propose(pm_user, project, cr, given)
    assert proposal.targets == {"test_pass_rate_target": "97.5"}
    assert _targets(_approve(pmo_user, proposal)) == {**TARGETS, "test_pass_rate_target": Decimal("97.50")}


def test_the_pmos_own_rebaseline_keeps_blank_targets(project, pmo_user):
    baseline = rebaseline_at_once(
        actor=pmo_user,
        project=project,
        expected_version=project.version,
        planned_start=dt.date(2026, 4, 1),
        planned_end=dt.date(2027, 6, 30),
        bac=Decimal("13000000"),
        reason="見直し",
        targets={**dict.fromkeys(TARGETS), "open_defects_target": 3},
    )
    assert _targets(baseline) == {**TARGETS, "open_defects_target": 3}


def _form_data(project, cr, **targets) -> dict:
    return {
        "version": project.version,
        "planned_start": "2026-04-01",
        "planned_end": "2027-09-30",
        "bac": "15000000",
        "reason": "追加要件",
        "change_request": cr.pk,
        **dict.fromkeys(TARGETS, ""),
        **targets,
    }


def test_the_proposal_form_keeps_blank_targets(client, project, cr, pm_user, pmo_user):
    client.force_login(pm_user)
    url = reverse("projects:rebaseline", kwargs={"code": project.code})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'placeholder="95.00"' in html and 'name="test_pass_rate_target"' in html
    response = client.post(url, _form_data(project, cr, review_coverage_target="80"))
    assert response.status_code == 302, response.context["form"].errors
    proposal = BaselineProposal.objects.get(project=project)
    assert proposal.targets == {"review_coverage_target": "80"}
    assert _targets(_approve(pmo_user, proposal)) == {**TARGETS, "review_coverage_target": Decimal("80.00")}


def test_the_api_keeps_null_and_missing_targets(project, cr, pm_user, pmo_user):
    api = APIClient()
    api.force_authenticate(pm_user)
    body = {
        "project": project.pk,
        "planned_start": "2026-04-01",
        "planned_end": "2027-09-30",
        "bac": "15000000",
        "reason": "追加要件",
        "change_request": cr.pk,
        "targets": {"defect_density_target": None, "open_defects_target": 2},
    }
    response = api.post("/api/v1/rebaseline-proposals/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["targets"] == {"open_defects_target": "2"}
    proposal = BaselineProposal.objects.get(pk=response.json()["id"])
    assert _targets(_approve(pmo_user, proposal)) == {**TARGETS, "open_defects_target": 2}
