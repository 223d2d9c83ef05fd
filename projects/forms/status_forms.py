"""Forms of the weekly status pages: the report form (with the suggested RAG), review and reopen forms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects import evaluation as metrics
from projects import weeks
from projects.domain.evm import EVMResult
from projects.forms.money import MoneyField
from projects.models import CostActual, CostPlan, Project, Rag, StatusReport
from projects.services.status import CONTENT_FIELDS, ReportContent

#: The RAG dimensions that have a suggestion from the numbers: (key used by ``metrics.evaluate``, form field).
SUGGESTED_DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("overall", "overall_rag"),
    ("schedule", "schedule_rag"),
    ("cost", "cost_rag"),
    ("quality", "quality_rag"),
)
#: In the portal's one order: overall, then quality, cost and schedule (Q / C / D), then scope.
RAG_FIELDS = ("overall_rag", "quality_rag", "cost_rag", "schedule_rag", "scope_rag")
_RAG_VALUES = {value for value, _label in Rag.choices}


@dataclass
class DimensionSuggestion:
    """One RAG choice beside its suggestion, for the templates."""

    field: str
    label: str
    suggested: str
    chosen: str

    @property
    def overridden(self) -> bool:
        return bool(self.suggested) and self.chosen in _RAG_VALUES and self.chosen != self.suggested


@dataclass
class CostSources:
    """Where PV and AC come from, for the words beside them (and what is missing instead of a silent 0).

    ``pv_to``: the day the cost plan gives PV to (``None``: no cost plan yet). ``ac_to``: the last day of the last
    month of recorded actuals up to the status date (``None``: none). ``ac_typed``: the report's own actual cost
    is used. ``costs_url``: the project's "Costs & quality" tab, where the missing figures are entered."""

    pv_to: dt.date | None
    ac_to: dt.date | None
    ac_typed: bool
    costs_url: str

    @property
    def missing_plan(self) -> bool:
        return self.pv_to is None

    @property
    def missing_actuals(self) -> bool:
        return self.ac_to is None and not self.ac_typed


def cost_sources(project: Project, week: str, *, actual_cost_to_date: Decimal | None) -> CostSources:
    """The provenance of PV and AC for a report of ``week`` (two small aggregate queries)."""
    status_date = weeks.week_end(week)
    plan = CostPlan.objects.filter(project=project).aggregate(last=Max("month"))
    pv_to = None
    if plan["last"] is not None:
        pv_to = min(status_date, metrics.month_end(plan["last"]))
    actuals = CostActual.objects.filter(project=project, month__lte=status_date)
    last_actual = actuals.aggregate(last=Max("month"))["last"]
    ac_to = min(status_date, metrics.month_end(last_actual)) if last_actual is not None else None
    return CostSources(
        pv_to=pv_to,
        ac_to=ac_to,
        ac_typed=actual_cost_to_date is not None,
        costs_url=reverse("projects:costs", kwargs={"code": project.code}),
    )


@dataclass
class Suggestion:
    """The EVM figures and the suggested RAG for a set of inputs (``evm`` is ``None`` when inputs are invalid)."""

    evm: EVMResult | None
    suggested: dict[str, str]
    dimensions: list[DimensionSuggestion]
    sources: CostSources | None = None

    @property
    def by_field(self) -> dict[str, DimensionSuggestion]:
        return {d.field: d for d in self.dimensions}

    @property
    def any_overridden(self) -> bool:
        return any(d.overridden for d in self.dimensions)


def build_suggestion(
    project: Project,
    week: str,
    *,
    percent_complete: Decimal | None,
    actual_cost_to_date: Decimal | None,
    chosen: dict[str, Any],
    valid: bool = True,
) -> Suggestion:
    """Evaluate the numbers (``metrics.evaluate``) and pair each suggestion with the PM's choice."""
    evm, suggested = (None, {})
    if valid:
        evm, suggested = metrics.evaluate(
            project, week=week, percent_complete=percent_complete, actual_cost_to_date=actual_cost_to_date
        )
    dims = [
        DimensionSuggestion(
            field=field,
            label=str(StatusReport._meta.get_field(field).verbose_name),
            suggested=suggested.get(key, ""),
            chosen=str(chosen.get(field) or ""),
        )
        for key, field in SUGGESTED_DIMENSIONS
    ]
    sources = cost_sources(project, week, actual_cost_to_date=actual_cost_to_date if valid else None)
    return Suggestion(evm=evm, suggested=suggested, dimensions=dims, sources=sources)


class _AccessibleErrorsMixin:
    """Adds Bootstrap's ``is-invalid`` and ``aria-invalid``/``aria-describedby`` to fields with errors."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["class"] = (attrs.get("class", "") + " is-invalid").strip()
            attrs["aria-invalid"] = "true"
            auto_id = self[name].auto_id
            if auto_id:
                attrs["aria-describedby"] = f"{auto_id}_error"


class StatusReportForm(_AccessibleErrorsMixin, forms.ModelForm):
    """The content of a weekly status report (``services.status.CONTENT_FIELDS``).

    ``week`` is shown read-only (the URL decides it; a "report already exists" error is attached to it) and
    ``version`` carries the optimistic-locking counter the page was loaded with (empty for a new report).
    After ``is_valid()``, ``suggestion`` holds the EVM figures and suggested RAG for the entered numbers; a
    chosen RAG that differs from an existing suggestion needs ``rag_comment``.
    """

    week = forms.CharField(label=_("Week"), required=False, disabled=True)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    actual_cost_to_date = MoneyField(
        label=_("Actual cost to date (yen)"), required=False, min_value=0, max_digits=15, decimal_places=0
    )

    class Meta:
        model = StatusReport
        fields = CONTENT_FIELDS
        widgets = {
            **{name: forms.RadioSelect for name in RAG_FIELDS},
            "rag_comment": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "achievements": forms.Textarea(attrs={"rows": 3}),
            "next_plan": forms.Textarea(attrs={"rows": 3}),
            "help_needed": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, project: Project, week: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.week_value = week
        self.fields["week"].initial = week
        self.suggestion: Suggestion | None = None
        for name, field in self.fields.items():
            if name in RAG_FIELDS:
                field.choices = list(Rag.choices)
                field.widget.attrs["class"] = "btn-check"
            elif isinstance(field.widget, forms.HiddenInput):
                continue
            else:
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["percent_complete"].widget.attrs.update({"step": "0.1", "min": "0", "max": "100"})
        self.fields["actual_cost_to_date"].help_text = _(
            "Leave empty to use the monthly actuals recorded for the project."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        numbers_ok = "percent_complete" not in self.errors and "actual_cost_to_date" not in self.errors
        self.suggestion = build_suggestion(
            self.project,
            self.week_value,
            percent_complete=cleaned.get("percent_complete"),
            actual_cost_to_date=cleaned.get("actual_cost_to_date"),
            chosen=cleaned,
            valid=numbers_ok and cleaned.get("percent_complete") is not None,
        )
        # Whether an override needs a comment is the service's rule (projects.services.status); the form only
        # computes the suggestion to show it beside the choices.
        return cleaned

    def _post_clean(self) -> None:
        """No model validation here: the service checks the report's rules and answers at the field."""

    def current_suggestion(self) -> Suggestion:
        """The suggestion for the values shown: from ``clean()`` when bound, else from the initial values."""
        if self.suggestion is not None:
            return self.suggestion
        if self.is_bound:
            # Bound but invalid numbers: show the choices without a suggestion.
            chosen = {name: self.data.get(self.add_prefix(name), "") for name in RAG_FIELDS}
            return build_suggestion(
                self.project,
                self.week_value,
                percent_complete=None,
                actual_cost_to_date=None,
                chosen=chosen,
                valid=False,
            )
        values = {name: self[name].value() for name in CONTENT_FIELDS}
        percent = _to_decimal(values.get("percent_complete"))
        return build_suggestion(
            self.project,
            self.week_value,
            percent_complete=percent,
            actual_cost_to_date=_to_decimal(values.get("actual_cost_to_date")),
            chosen=values,
            valid=percent is not None,
        )

    def content(self) -> ReportContent:
        """The cleaned content fields, as the services take them."""
        return ReportContent.from_mapping({name: self.cleaned_data.get(name) for name in CONTENT_FIELDS})


def _to_decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


class SuggestionInputForm(forms.Form):
    """The query of the htmx endpoint that recomputes the suggestion while the PM types."""

    percent_complete = forms.DecimalField(min_value=0, max_value=100, max_digits=5, decimal_places=2)
    actual_cost_to_date = MoneyField(required=False, min_value=0, max_digits=15, decimal_places=0)


class ReviewForm(_AccessibleErrorsMixin, forms.Form):
    """PMO review: accept, or return with a comment for the PM."""

    ACCEPT = "accept"
    RETURN = "return"

    decision = forms.ChoiceField(choices=[(ACCEPT, _("Accept")), (RETURN, _("Return"))])
    comment = forms.CharField(
        label=_("Review comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when returning the report to the PM."),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class ReopenForm(_AccessibleErrorsMixin, forms.Form):
    """Reopen a submitted or reviewed report for correction (a new revision follows)."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        required=False,
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class VersionForm(forms.Form):
    """Only the optimistic-locking counter (the submit button on the report page)."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
