"""Typing an amount of money: whole yen, with or without separators and unit (``12,000,000``, ``12000000``,
``12,000,000円``, ``¥12,000,000``; full-width digits too). The input shows the separators it was given or stored."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from django import forms


class MoneyInput(forms.TextInput):
    """A text input for yen: numeric keyboard on a tablet, right-aligned, the stored value with separators."""

    def __init__(self, attrs=None):
        base = {"inputmode": "numeric", "autocomplete": "off", "class": "form-control text-end money-input"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return f"{Decimal(value):,.0f}"
        return super().format_value(value)


class MoneyField(forms.DecimalField):
    """A ``DecimalField`` of whole yen that reads separators, 円 and ¥ as people type them."""

    widget = MoneyInput

    def to_python(self, value):
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            value = value.replace(",", "").replace("円", "").replace("¥", "").replace("￥", "").strip()
        return super().to_python(value)
