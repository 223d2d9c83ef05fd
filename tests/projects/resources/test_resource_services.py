"""The resource services: one test per rule (permission, project state, person active, month, percent, skill,
uniqueness, optimistic locking, all-or-nothing grids, audit)."""

import datetime as dt
from decimal import Decimal

import pytest

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.models import AuditEntry
from projects.models import Allocation, Person
from projects.services import resources as svc
from tests.projects.resources.conftest import MONTH, book

pytestmark = pytest.mark.django_db


def test_pm_books_a_person_on_their_project_and_it_is_audited(pm_user, project, person, java):
    a = svc.create_allocation(actor=pm_user, person=person, project=project, month="2026-11", percent=40, skill=java)
    assert (a.month, a.percent, a.skill) == (MONTH, 40, java)
    entry = AuditEntry.objects.get(object_type="allocation", object_id=a.pk)
    assert entry.project_id == project.pk and entry.changes["percent"] == [None, 40]


def test_the_only_skill_of_a_person_is_not_assumed_by_create(pm_user, project, person):
    a = svc.create_allocation(actor=pm_user, person=person, project=project, month=MONTH, percent=10)
    assert a.skill is None


def test_another_pm_may_not_book_on_the_project(other_pm, project, person):
    with pytest.raises(NotAllowed):
        svc.create_allocation(actor=other_pm, person=person, project=project, month=MONTH, percent=10)


def test_a_member_may_not_book(member_user, project, person):
    with pytest.raises(NotAllowed):
        svc.create_allocation(actor=member_user, person=person, project=project, month=MONTH, percent=10)


def test_the_pmo_books_on_any_project(pmo_user, project, person):
    assert svc.create_allocation(actor=pmo_user, person=person, project=project, month=MONTH, percent=10).pk


@pytest.mark.parametrize("value", [-1, 101, "50.5", "abc", "", None, True])
def test_percent_is_a_whole_number_from_0_to_100(pm_user, project, person, value):
    with pytest.raises(RuleError) as exc:
        svc.create_allocation(actor=pm_user, person=person, project=project, month=MONTH, percent=value)
    assert exc.value.fields == ["percent"]
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("value", [0, 100, "100%", " 25 "])
def test_percent_edges_accepted(pm_user, project, person, value):
    assert svc.create_allocation(actor=pm_user, person=person, project=project, month=MONTH, percent=value).pk


@pytest.mark.parametrize("value", ["2026-13", "26-11", "2026-11-15", dt.date(2026, 11, 2), "November", ""])
def test_month_is_written_yyyy_mm(pm_user, project, person, value):
    with pytest.raises(RuleError) as exc:
        svc.create_allocation(actor=pm_user, person=person, project=project, month=value, percent=10)
    assert exc.value.fields == ["month"]


def test_month_in_japanese_and_slash_forms():
    assert svc.parse_month("2026年4月") == dt.date(2026, 4, 1)
    assert svc.parse_month("2026/04") == dt.date(2026, 4, 1)


@pytest.mark.parametrize("state", ["closed", "cancelled"])
def test_a_closed_project_takes_no_bookings(pmo_user, project, person, state):
    project.state = state
    project.save()
    with pytest.raises(RuleError) as exc:
        svc.create_allocation(actor=pmo_user, person=person, project=project, month=MONTH, percent=10)
    assert exc.value.fields == ["project"]


def test_an_archived_project_takes_no_bookings(pmo_user, project, person):
    from django.utils import timezone

    project.archived_at = timezone.now()
    project.save()
    with pytest.raises((RuleError, NotAllowed)):
        svc.create_allocation(actor=pmo_user, person=person, project=project, month=MONTH, percent=10)


def test_an_inactive_person_gets_no_new_booking_but_may_go_down(pm_user, project, person):
    a = book(person, project, percent=50)
    person.active = False
    person.save()
    with pytest.raises(RuleError) as exc:
        svc.create_allocation(actor=pm_user, person=person, project=project, month=dt.date(2026, 12, 1), percent=10)
    assert exc.value.fields == ["person"]
    with pytest.raises(RuleError):
        svc.update_allocation(actor=pm_user, allocation=a, expected_version=1, percent=60)
    assert svc.update_allocation(actor=pm_user, allocation=a, expected_version=1, percent=0).percent == 0


def test_skill_must_be_one_of_the_persons(pm_user, project, person):
    from projects.models import Skill

    other = Skill.objects.create(name="COBOL")
    with pytest.raises(RuleError) as exc:
        svc.create_allocation(actor=pm_user, person=person, project=project, month=MONTH, percent=10, skill=other)
    assert exc.value.fields == ["skill"]


def test_one_row_per_person_project_month(pm_user, project, person):
    book(person, project)
    with pytest.raises(RuleError) as exc:
        svc.create_allocation(actor=pm_user, person=person, project=project, month=MONTH, percent=10)
    assert exc.value.fields == ["month"]


def test_update_needs_the_version_read(pm_user, project, person):
    a = book(person, project)
    with pytest.raises(RuleError) as exc:
        svc.update_allocation(actor=pm_user, allocation=a, expected_version=None, percent=20)
    assert exc.value.fields == ["version"]
    svc.update_allocation(actor=pm_user, allocation=a, expected_version=1, percent=20)
    with pytest.raises(StaleEdit):
        svc.update_allocation(actor=pm_user, allocation=a, expected_version=1, percent=30)


def _cell(person, project, month, percent, version=None, field=None):
    return svc.GridCell(
        field=field or f"a-{person.pk}-{month:%Y%m}",
        person=person,
        project=project,
        month=month,
        percent=percent,
        expected_version=version,
    )


def test_grid_is_all_or_nothing_with_each_error_at_its_cell(pm_user, project, person):
    dec = dt.date(2026, 12, 1)
    cells = [_cell(person, project, MONTH, "60"), _cell(person, project, dec, "150")]
    with pytest.raises(RuleError) as exc:
        svc.save_allocation_grid(actor=pm_user, cells=cells)
    assert list(exc.value.errors) == [f"a-{person.pk}-202612"]
    assert not Allocation.objects.exists()
    assert svc.save_allocation_grid(actor=pm_user, cells=[_cell(person, project, MONTH, "60")]) == 1


def test_grid_refuses_a_cell_changed_since_it_was_read(pm_user, pmo_user, project, person):
    a = book(person, project, percent=50)
    svc.update_allocation(actor=pmo_user, allocation=a, expected_version=1, percent=70)
    with pytest.raises(StaleEdit):
        svc.save_allocation_grid(actor=pm_user, cells=[_cell(person, project, MONTH, "40", version=1)])
    # a cell left as stored is no conflict
    assert svc.save_allocation_grid(actor=pm_user, cells=[_cell(person, project, MONTH, "70", version=1)]) == 0


def test_grid_refuses_a_cell_booked_by_someone_else_meanwhile(pm_user, project, person):
    book(person, project, percent=30)
    with pytest.raises(StaleEdit):
        svc.save_allocation_grid(actor=pm_user, cells=[_cell(person, project, MONTH, "40", version=None)])


def test_people_are_the_pmos(pmo_user, pm_user, org):
    with pytest.raises(NotAllowed):
        svc.create_person(actor=pm_user, name="x", org_unit=org)
    p = svc.create_person(actor=pmo_user, name=" 森 花子 ", org_unit=org, skills=["Java", "java", " テスト "])
    assert p.name == "森 花子"
    assert sorted(s.name for s in p.skills.all()) == ["Java", "テスト"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"capacity_fte": Decimal("0")}, "capacity_fte"),
        ({"capacity_fte": Decimal("1.5")}, "capacity_fte"),
        ({"name": ""}, "name"),
        ({"email": "nope"}, "email"),
    ],
)
def test_person_rules(pmo_user, org, kwargs, field):
    data = {"name": "A", **kwargs}
    with pytest.raises(RuleError) as exc:
        svc.create_person(actor=pmo_user, org_unit=org, **data)
    assert field in exc.value.fields
    assert not Person.objects.exists()


def test_a_user_is_linked_to_one_person_only(pmo_user, pm_user, org):
    svc.create_person(actor=pmo_user, name="A", org_unit=org, user=pm_user)
    with pytest.raises(RuleError) as exc:
        svc.create_person(actor=pmo_user, name="B", org_unit=org, user=pm_user)
    assert exc.value.fields == ["user"]


def test_update_person_audits_and_locks(pmo_user, person):
    p = svc.update_person(actor=pmo_user, person=person, expected_version=1, active=False, skills=["Go"])
    assert p.version == 2 and not p.active
    entry = AuditEntry.objects.filter(object_type="person").latest("id")
    assert entry.changes["active"] == [True, False] and entry.changes["skills"] == ["Java", "Go"]
    with pytest.raises(StaleEdit):
        svc.update_person(actor=pmo_user, person=person, expected_version=1, name="x")
