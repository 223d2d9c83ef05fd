"""Forms of the "Costs & quality" tab: the month grid (planned and actual cost per month) and a weekly quality record.

They only parse: every rule (first day of a month, whole yen, not negative, within the baseline's range, tests passed
≤ run …) is the services' (``projects.services.costs`` / ``.quality``), shown at the cell or field it names.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from projects.services.costs import MonthAmount, grid_field, month_key
from projects.services.quality import COUNT_FIELDS

PLANNED = "planned_cost"
ACTUAL = "actual_cost"
AMOUNT_FIELDS = (PLANNED, ACTUAL)

NOT_A_NUMBER = _("Enter a number in yen, for example 1,200,000.")


class YenField(forms.CharField):
    """An amount in yen as people type it: ``1,200,000``, ``1200000`` or ``1,200,000円``; empty is ``None``."""

    def to_python(self, value):
        text = super().to_python(value)
        text = (text or "").replace(",", "").replace("，", "").replace("円", "").replace("¥", "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(NOT_A_NUMBER, code="invalid") from None
        if not number.is_finite():
            raise ValidationError(NOT_A_NUMBER, code="invalid")
        return number


def version_name(amount_field: str, month: dt.date) -> str:
    return f"{amount_field}_version-{month_key(month)}"


class CostGridForm(forms.Form):
    """One row per month: the planned and the actual cost (``planned_cost-2026-04`` …) and the version of each
    stored row. A cell absent from the POST (a disabled one) is left as it is; an emptied cell removes the row."""

    def __init__(self, *args, months: list[dt.date], plans: dict, actuals: dict, editable_actual, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months
        stored = {PLANNED: plans, ACTUAL: actuals}
        for month in months:
            for name in AMOUNT_FIELDS:
                row = stored[name].get(month)
                attrs = {
                    "class": "form-control form-control-sm text-end money-input",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                }
                field = YenField(required=False, label=f"{month_key(month)} {name}", widget=forms.TextInput(attrs))
                if row is not None:
                    field.initial = f"{getattr(row, name):,.0f}"
                if name == ACTUAL and not editable_actual(month):
                    field.disabled = True
                self.fields[grid_field(name, month)] = field
                version = forms.IntegerField(required=False, widget=forms.HiddenInput)
                version.initial = row.version if row is not None else None
                self.fields[version_name(name, month)] = version

    def cell(self, name: str, month: dt.date):
        return self[grid_field(name, month)]

    def rows(self, name: str) -> list[MonthAmount]:
        """The months whose cell was sent (disabled cells are not), as the services take them."""
        out = []
        for month in self.months:
            key = grid_field(name, month)
            if self.fields[key].disabled or self.add_prefix(key) not in self.data:
                continue
            out.append(
                MonthAmount(
                    month=month,
                    amount=self.cleaned_data.get(key),
                    version=self.cleaned_data.get(version_name(name, month)),
                )
            )
        return out

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_error"

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        if field in self.fields:
            widget = self.fields[field].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["aria-describedby"] = f"{self[field].auto_id}_error"


class QualityRecordForm(BootstrapFormMixin, forms.Form):
    """One week's quality measures: a new week, or a change of an existing one (with the version read)."""

    week = forms.CharField(label=_("Week"), max_length=8, help_text=_("ISO week, e.g. 2026-W48."))
    defects_found = forms.IntegerField(label=_("defects found"), initial=0)
    defects_fixed = forms.IntegerField(label=_("defects fixed"), initial=0)
    defects_open = forms.IntegerField(label=_("open defects"), initial=0)
    tests_planned = forms.IntegerField(label=_("tests planned"), initial=0)
    tests_run = forms.IntegerField(label=_("tests run"), initial=0)
    tests_passed = forms.IntegerField(label=_("tests passed"), initial=0)
    review_findings = forms.IntegerField(label=_("review findings"), initial=0)
    record = forms.IntegerField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in COUNT_FIELDS}
