import datetime as dt
from decimal import Decimal

import pytest

from projects.models import Allocation, OrgUnit, Person, Skill
from tests.factories import ProjectFactory

MONTH = dt.date(2026, 11, 1)  # the month of FROZEN_NOW


@pytest.fixture
def org(db):
    return OrgUnit.objects.create(code="RES-OU", name="Resource unit")


@pytest.fixture
def project(pm_user, org):
    return ProjectFactory(code="PRJ-RES-001", pm=pm_user, org_unit=org)


@pytest.fixture
def other_project(other_pm, org):
    return ProjectFactory(code="PRJ-RES-002", pm=other_pm, org_unit=org)


@pytest.fixture
def java(db):
    return Skill.objects.create(name="Java")


@pytest.fixture
def person(org, java):
    p = Person.objects.create(name="山田 一郎", org_unit=org, capacity_fte=Decimal("1.00"))
    p.skills.add(java)
    return p


def book(person, project, month=MONTH, percent=50, skill=None):
    return Allocation.objects.create(person=person, project=project, month=month, percent=percent, skill=skill)
