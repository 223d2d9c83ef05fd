"""Forms for blueprints, their lines and "new project from blueprint" (parse only)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from projects.forms.org_choices import CodedModelChoiceField
from projects.forms.project_forms import UserChoiceField
from projects.models import OrgUnit, Phase, ProjectState, ProjectType, RiskResponse
from projects.services.projects import pm_candidates
from standards.forms.library import LANGUAGE_CHOICES
from standards.models import Checklist, Schedule, StandardDocument


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           input_formats=["%Y-%m-%d", "%Y/%m/%d"])  # fmt: skip


class BlueprintForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("e.g. BP-SYSDEV"))
    name = forms.CharField(label=_("Name"), max_length=200)
    project_type = forms.ChoiceField(label=_("Project type"), choices=ProjectType.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="ja")
    description = forms.CharField(
        label=_("Description (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["code"]


class MilestoneLineForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Milestone"), max_length=200)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    offset_days = forms.IntegerField(label=_("Days from start"), min_value=0, max_value=3650)
    weight = forms.DecimalField(label=_("Weight"), min_value=Decimal(0), max_digits=6, decimal_places=2, initial=1)
    is_phase_gate = forms.BooleanField(label=_("Phase gate"), required=False)


class ChecklistLineForm(BootstrapFormMixin, forms.Form):
    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=Checklist.objects.none())
    schedule = forms.ChoiceField(label=_("When"), choices=Schedule.choices)
    phase = forms.ChoiceField(label=_("Phase"), choices=[("", "—"), *Phase.choices], required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)

    def __init__(self, *args, checklists=None, **kwargs):
        super().__init__(*args, **kwargs)
        if checklists is not None:
            self.fields["checklist"].queryset = checklists


class RiskLineForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Risk"), max_length=200)
    probability = forms.IntegerField(label=_("Probability (1–5)"), min_value=1, max_value=5, initial=3)
    impact = forms.IntegerField(label=_("Impact (1–5)"), min_value=1, max_value=5, initial=3)
    response = forms.ChoiceField(label=_("Response"), choices=RiskResponse.choices, initial="mitigate")
    mitigation = forms.CharField(label=_("Mitigation plan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentLineForm(BootstrapFormMixin, forms.Form):
    document = forms.ModelChoiceField(label=_("Document"), queryset=StandardDocument.objects.none())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        if documents is not None:
            self.fields["document"].queryset = documents


LINE_FORMS = {
    "milestone": MilestoneLineForm,
    "checklist": ChecklistLineForm,
    "risk": RiskLineForm,
    "document": DocumentLineForm,
}


class InstantiateForm(BootstrapFormMixin, forms.Form):
    """New project from a blueprint: the project's essentials; the rest comes from the blueprint."""

    code = forms.CharField(label=_("Project code"), max_length=32, help_text=_("e.g. PRJ-2026-051"))
    name = forms.CharField(label=_("Project name"), max_length=200)
    org_unit = CodedModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.all())
    pm = UserChoiceField(label=_("PM"), queryset=pm_candidates())
    deputy_pm = UserChoiceField(label=_("Deputy PM"), queryset=pm_candidates(), required=False)
    customer = forms.CharField(label=_("Customer"), max_length=200, required=False)
    sponsor = forms.CharField(label=_("Sponsor"), max_length=200, required=False)
    planned_start = _date(_("Planned start"))
    planned_end = _date(_("Planned end"))
    bac = forms.DecimalField(label=_("Budget at completion (BAC)"), max_digits=15, decimal_places=0)
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            (ProjectState.PROPOSED, ProjectState.PROPOSED.label),
            (ProjectState.ACTIVE, ProjectState.ACTIVE.label),
        ],
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confidential = forms.BooleanField(label=_("Confidential"), required=False)


class AnswerForm(forms.Form):
    """One item's answer on the run page (the form prefix is the item id)."""

    answer = forms.ChoiceField(choices=[("", "")], required=False)
    note = forms.CharField(required=False, max_length=1000)
    evidence_url = forms.CharField(required=False, max_length=500)


class GateDecisionForm(BootstrapFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approved", _("Approve")), ("conditional", _("Approve with conditions")), ("rejected", _("Reject"))],
        widget=forms.RadioSelect,
    )
    conditions = forms.CharField(
        label=_("Conditions (one per line; each becomes an action item)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    conditions_due = _date(_("Conditions due"))
    reason = forms.CharField(label=_("Reason / comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conditions_due"].required = False
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
