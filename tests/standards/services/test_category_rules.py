"""Categories: renamed and reordered by the PMO only (standards.services.documents), each change audited."""

from __future__ import annotations

import pytest

from core.exceptions import NotAllowed, RuleError
from core.models import AuditEntry
from standards.models import Category
from standards.services import documents as services

pytestmark = pytest.mark.django_db


def order():
    return list(Category.objects.order_by("position", "name").values_list("name", "position"))


@pytest.fixture
def spaced(pmo_user):
    return [services.create_category(actor=pmo_user, name=n, position=p) for n, p in (("A", 10), ("B", 20), ("C", 30))]


def moves():
    return AuditEntry.objects.filter(object_type="category", action="update")


def test_distinct_positions_swap_between_the_two_neighbours_only(pmo_user, spaced):
    services.move_category(actor=pmo_user, category=spaced[2], direction="up")
    assert order() == [("A", 10), ("C", 20), ("B", 30)]
    assert moves().count() == 2 and all(entry.actor == pmo_user for entry in moves())


def test_ties_are_renumbered_in_the_order_shown(pmo_user):
    made = [services.create_category(actor=pmo_user, name=n, position=p) for n, p in (("B", 1), ("C", 1), ("A", 2))]
    services.move_category(actor=pmo_user, category=made[2], direction="up")  # A, shown last, goes up one place
    assert [name for name, _p in order()] == ["B", "A", "C"]


def test_at_either_end_nothing_moves_and_nothing_is_written(pmo_user, spaced):
    services.move_category(actor=pmo_user, category=spaced[0], direction="up")
    services.move_category(actor=pmo_user, category=spaced[2], direction="down")
    assert order() == [("A", 10), ("B", 20), ("C", 30)] and not moves().exists()


def test_only_up_or_down(pmo_user, spaced):
    with pytest.raises(RuleError) as caught:
        services.move_category(actor=pmo_user, category=spaced[0], direction="left")
    assert list(caught.value.errors) == ["direction"]


def test_only_the_pmo(pm_user, spaced):
    with pytest.raises(NotAllowed):
        services.move_category(actor=pm_user, category=spaced[1], direction="up")
    with pytest.raises(NotAllowed):
        services.update_category(actor=pm_user, category=spaced[1], expected_version=1, name="X")


def test_a_rename_keeps_its_own_name_unique_and_refuses_anothers(pmo_user, spaced):
    services.update_category(actor=pmo_user, category=spaced[0], expected_version=1, name="A", description="Plans")
    spaced[0].refresh_from_db()
    assert spaced[0].description == "Plans"
    with pytest.raises(RuleError) as caught:
        services.update_category(actor=pmo_user, category=spaced[0], expected_version=spaced[0].version, name="B")
    assert "name" in caught.value.errors
