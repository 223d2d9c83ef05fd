"""Blueprints and "new project from blueprint": one test per rule of standards.services.blueprints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.exceptions import InvalidTransition, NotAllowed, RuleError
from projects.models import Milestone, Project, Risk
from standards.models import ChecklistRun, GateReview, ProjectDocumentLink
from standards.services import blueprints as services
from standards.services import documents as doc_services
from tests.standards.conftest import instantiate, make_checklist

pytestmark = pytest.mark.django_db


def test_instantiate_creates_everything(project, blueprint):
    assert project.project_type == blueprint.project_type
    dates = list(project.milestones.order_by("baseline_date").values_list("name", "baseline_date", "is_phase_gate"))
    assert dates[1] == ("Requirements gate", dt.date(2026, 5, 1), True)
    assert GateReview.objects.filter(project=project).count() == 2
    assert project.risks.get().owner == project.pm


def test_failure_leaves_nothing_behind(pm_user, blueprint, org_unit):
    instantiate(pm_user, blueprint, org_unit, pm_user, code="PRJ-2026-801")
    counts = (Project.objects.count(), Milestone.objects.count(), Risk.objects.count(), ChecklistRun.objects.count())
    with pytest.raises(RuleError) as caught:
        instantiate(pm_user, blueprint, org_unit, pm_user, code="PRJ-2026-801")  # the code is taken
    assert "code" in caught.value.errors
    after = (Project.objects.count(), Milestone.objects.count(), Risk.objects.count(), ChecklistRun.objects.count())
    assert after == counts


def test_a_pm_creates_only_their_own(pm_user, other_pm, blueprint, org_unit):
    with pytest.raises(NotAllowed):
        instantiate(pm_user, blueprint, org_unit, other_pm)
    with pytest.raises(NotAllowed):
        instantiate(other_pm.__class__.objects.get(pk=other_pm.pk), blueprint, org_unit, pm_user)


def test_only_published_blueprints(pmo_user, pm_user, checklist, org_unit):
    draft = services.create_blueprint(actor=pmo_user, code="BP-D", name="d", project_type="infrastructure")
    with pytest.raises(InvalidTransition):
        instantiate(pm_user, draft, org_unit, pm_user)


def test_last_milestone_within_the_plan(pm_user, blueprint, org_unit):
    with pytest.raises(RuleError) as caught:
        services.instantiate_blueprint(actor=pm_user, blueprint=blueprint, code="PRJ-2026-802", name="n",
                                       org_unit=org_unit, pm=pm_user, planned_start=dt.date(2026, 4, 1),
                                       planned_end=dt.date(2026, 4, 20), bac=Decimal(1))  # fmt: skip
    assert "planned_end" in caught.value.errors


def test_publish_checks_the_blueprint(pmo_user, checklist):
    blueprint = services.create_blueprint(actor=pmo_user, code="BP-E", name="e", project_type="infrastructure")
    with pytest.raises(RuleError) as caught:
        services.publish_blueprint(actor=pmo_user, blueprint=blueprint, expected_version=blueprint.version)
    assert "milestones" in caught.value.errors
    services.add_milestone(actor=pmo_user, blueprint=blueprint, name="m", phase="design", offset_days=5)
    services.add_checklist(actor=pmo_user, blueprint=blueprint, checklist=checklist, schedule="phase", phase="test")
    blueprint.refresh_from_db()
    with pytest.raises(RuleError) as caught:
        services.publish_blueprint(actor=pmo_user, blueprint=blueprint, expected_version=blueprint.version)
    assert "checklists" in caught.value.errors


def test_one_gate_per_phase_and_phase_required(pmo_user, checklist):
    blueprint = services.create_blueprint(actor=pmo_user, code="BP-F", name="f", project_type="infrastructure")
    services.add_milestone(actor=pmo_user, blueprint=blueprint, name="g", phase="design", offset_days=5,
                           is_phase_gate=True)  # fmt: skip
    with pytest.raises(RuleError) as caught:
        services.add_milestone(actor=pmo_user, blueprint=blueprint, name="g2", phase="design", offset_days=9,
                               is_phase_gate=True)  # fmt: skip
    assert "is_phase_gate" in caught.value.errors
    with pytest.raises(RuleError) as caught:
        services.add_checklist(actor=pmo_user, blueprint=blueprint, checklist=checklist, schedule="phase")
    assert "phase" in caught.value.errors


def test_only_pmo_builds_blueprints(pm_user):
    with pytest.raises(NotAllowed):
        services.create_blueprint(actor=pm_user, code="BP-G", name="g", project_type="infrastructure")


def test_recommended_documents_are_linked(pmo_user, pm_user, checklist, org_unit):
    document = doc_services.create_document(actor=pmo_user, code="TPL-Z", title="z", kind="template", body="b")
    doc_services.publish(actor=pmo_user, document=document, expected_version=document.version)
    weekly = make_checklist(pmo_user, code="WEEKLY-Q", purpose="weekly_quality")
    from tests.standards.conftest import make_blueprint

    blueprint = make_blueprint(pmo_user, checklist, weekly=weekly, code="BP-DOC")
    blueprint.refresh_from_db()
    services.add_document(actor=pmo_user, blueprint=blueprint, document=document)
    project = instantiate(pm_user, blueprint, org_unit, pm_user, code="PRJ-2026-803", state="active")
    assert ProjectDocumentLink.objects.get(project=project).document == document
    assert ChecklistRun.objects.filter(project=project, schedule="weekly").count() == 1
