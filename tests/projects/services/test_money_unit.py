"""Money is shown with its unit and separators: 円 by default, 千円 or 百万円 by the site's ``PMO_MONEY_UNIT``."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import translation

from core.templatetags.pmo import amount


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("yen", Decimal("93000000"), "93,000,000 yen"),
        ("yen", 1000, "1,000 yen"),
        ("thousand", Decimal("93000000"), "93,000 thousand yen"),
        ("thousand", Decimal("1499"), "1 thousand yen"),
        ("thousand", Decimal("1500"), "2 thousand yen"),
        ("million", Decimal("93450000"), "93.5 million yen"),
        ("million", Decimal("-2500000"), "-2.5 million yen"),
    ],
)
def test_amounts_in_the_sites_unit(unit, value, shown):
    with override_settings(PMO_MONEY_UNIT=unit), translation.override("en"):
        assert amount(value) == shown


def test_nothing_is_a_dash():
    assert amount(None) == "—" and amount("") == "—"


def test_japanese_yen():
    with translation.override("ja"):
        assert amount(Decimal("93000000")) == "93,000,000円"


@pytest.mark.parametrize("typed", ["1,234,567", "1234567", "1,234,567円", "¥1,234,567", "１，２３４，５６７"])
def test_amounts_are_typed_as_people_write_them(typed):
    from projects.forms.money import MoneyField

    assert MoneyField(min_value=0, max_digits=15, decimal_places=0).clean(typed) == Decimal("1234567")


def test_a_stored_amount_is_shown_with_separators():
    from projects.forms.money import MoneyInput

    html = MoneyInput().render("actual_cost_to_date", Decimal("260451000"))
    assert 'value="260,451,000"' in html and 'inputmode="numeric"' in html
