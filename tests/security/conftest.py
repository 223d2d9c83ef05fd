"""The small portfolio the security tests run against: real objects, so that every URL with an id or a code
resolves. "This project" (``PRJ-SEC-1``) is confidential: run by ``pm``, with ``member`` as its member; ``other_pm``
runs ``PRJ-SEC-2`` and must not even see ``PRJ-SEC-1``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from projects.models import (
    ActionItem,
    Allocation,
    BaselineProposal,
    ChangeRequest,
    CostActual,
    CostPlan,
    Meeting,
    Person,
    ProjectMembership,
    QualityRecord,
    StatusReport,
    SurveyRound,
)
from tests.factories import IssueFactory, MilestoneFactory, OrgUnitFactory, ProjectFactory, RiskFactory

WEEK = "2026-W47"


@pytest.fixture
def portfolio(pmo_user, exec_user, pm_user, other_pm, member_user, norole_user):
    ou = OrgUnitFactory(code="OU-SEC", name="セキュリティ事業部")
    project = ProjectFactory(code="PRJ-SEC-1", name="極秘案件", pm=pm_user, org_unit=ou, confidential=True)
    other = ProjectFactory(code="PRJ-SEC-2", name="他の案件", pm=other_pm, org_unit=ou)
    membership = ProjectMembership.objects.create(project=project, user=member_user)
    report = StatusReport.objects.create(
        project=project,
        week=WEEK,
        week_start=dt.date(2026, 11, 16),
        overall_rag="green",
        schedule_rag="green",
        cost_rag="green",
        quality_rag="green",
        scope_rag="green",
        percent_complete=Decimal(30),
        summary="順調",
    )
    person = Person.objects.create(name="要員 一郎", org_unit=ou)
    objects = {
        "project": project,
        "other_project": other,
        "membership": membership,
        "report": report,
        "issue": IssueFactory(project=project, title="課題", owner=member_user),
        "risk": RiskFactory(project=project, title="リスク"),
        "milestone": MilestoneFactory(project=project),
        "change": ChangeRequest.objects.create(project=project, title="変更要求"),
        "meeting": Meeting.objects.create(project=project, title="定例会議", held_on=dt.date(2026, 11, 18)),
        "action": ActionItem.objects.create(project=project, title="宿題", owner=member_user),
        "proposal": BaselineProposal.objects.create(
            project=project,
            planned_start=dt.date(2026, 4, 1),
            planned_end=dt.date(2027, 6, 30),
            bac=Decimal(13_000_000),
            reason="仕様追加",
            proposed_by=pm_user,
        ),
        "cost_plan": CostPlan.objects.create(project=project, month=dt.date(2026, 11, 1), planned_cost=Decimal(1000)),
        "cost_actual": CostActual.objects.create(project=project, month=dt.date(2026, 11, 1), actual_cost=Decimal(900)),
        "quality": QualityRecord.objects.create(project=project, week=WEEK),
        "person": person,
        "allocation": Allocation.objects.create(person=person, project=project, month=dt.date(2026, 11, 1), percent=50),
        "survey": SurveyRound.objects.create(
            title="満足度調査",
            question="PMO の支援に満足していますか",
            opened_on=dt.date(2026, 11, 1),
            closes_on=dt.date(2099, 12, 31),
        ),
        "org_unit": ou,
        "program": None,
    }
    users = {
        "anon": None,
        "norole": norole_user,
        "member": member_user,
        "pm": pm_user,
        "other_pm": other_pm,
        "pmo": pmo_user,
        "exec": exec_user,
    }
    return {"objects": objects, "users": users, "project": project}


@pytest.fixture
def role_clients(portfolio):
    """One signed-in client per role (anonymous: none)."""
    clients = {}
    for role, user in portfolio["users"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients
