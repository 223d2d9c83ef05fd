"""Shared fixtures of the standards tests: a published checklist and blueprint built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from standards.services import blueprints as bp_services
from standards.services import checklists as cl_services
from tests.factories import OrgUnitFactory


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English (the default UI language is Japanese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def upload_root(settings, tmp_path):
    settings.PMO_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.PMO_UPLOAD_ROOT


def make_checklist(actor, *, code="GATE-REQ", purpose="phase_gate", items=(("Scope agreed", True), ("Notes", False))):
    checklist = cl_services.create_checklist(actor=actor, code=code, title=f"{code} checklist", purpose=purpose)
    draft = checklist.versions.get()
    for text, required in items:
        cl_services.add_item(actor=actor, version=draft, text=text, required=required)
    checklist.refresh_from_db()
    cl_services.publish(actor=actor, checklist=checklist, expected_version=checklist.version)
    checklist.refresh_from_db()
    return checklist


def make_blueprint(actor, checklist, *, weekly=None, code="BP-SYS"):
    blueprint = bp_services.create_blueprint(actor=actor, code=code, name="System development",
                                             project_type="system_development")  # fmt: skip
    bp_services.add_milestone(actor=actor, blueprint=blueprint, name="Kick-off", phase="requirements", offset_days=0)
    bp_services.add_milestone(actor=actor, blueprint=blueprint, name="Requirements gate", phase="requirements",
                              offset_days=30, weight=Decimal(2), is_phase_gate=True)  # fmt: skip
    bp_services.add_milestone(actor=actor, blueprint=blueprint, name="Design gate", phase="design", offset_days=60,
                              is_phase_gate=True)  # fmt: skip
    bp_services.add_checklist(actor=actor, blueprint=blueprint, checklist=checklist, schedule="phase",
                              phase="requirements")  # fmt: skip
    if weekly is not None:
        bp_services.add_checklist(actor=actor, blueprint=blueprint, checklist=weekly, schedule="weekly")
    bp_services.add_risk(actor=actor, blueprint=blueprint, title="Key requirements change late", probability=3,
                         impact=4)  # fmt: skip
    blueprint.refresh_from_db()
    bp_services.publish_blueprint(actor=actor, blueprint=blueprint, expected_version=blueprint.version)
    blueprint.refresh_from_db()
    return blueprint


@pytest.fixture
def checklist(pmo_user):
    return make_checklist(pmo_user)


@pytest.fixture
def blueprint(pmo_user, checklist):
    return make_blueprint(pmo_user, checklist)


@pytest.fixture
def org_unit(db):
    return OrgUnitFactory()


def instantiate(actor, blueprint, org_unit, pm, *, code="PRJ-2026-901", state="active", start=None):
    start = start or dt.date(2026, 4, 1)
    return bp_services.instantiate_blueprint(
        actor=actor, blueprint=blueprint, code=code, name="New CRM", org_unit=org_unit, pm=pm, planned_start=start,
        planned_end=start + dt.timedelta(days=180), bac=Decimal("10000000"), state=state,
    )  # fmt: skip


@pytest.fixture
def project(pm_user, blueprint, org_unit):
    return instantiate(pm_user, blueprint, org_unit, pm_user)
