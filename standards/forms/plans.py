"""Planning a checklist on an existing project (parse only: the rules are ``runs.add_checklist_plan``'s)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from projects.models import Phase
from standards.models import Schedule


class ChecklistPlanForm(BootstrapFormMixin, forms.Form):
    """``checklists``: the published checklists the user may see (any other id answers "not a valid choice")."""

    checklist = forms.ModelChoiceField(label=_("Checklist"), queryset=None, empty_label="—")
    schedule = forms.ChoiceField(label=_("When it runs"), choices=Schedule.choices, initial=Schedule.PHASE)
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[("", "—"), *Phase.choices],
        required=False,
        help_text=_("For a checklist run at a phase: its run is due at that phase's gate milestone."),
    )
    required = forms.BooleanField(label=_("Required (counts in compliance)"), required=False, initial=True)

    def __init__(self, *args, checklists, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = checklists
        self.fields["checklist"].label_from_instance = lambda c: f"{c.code} — {c.title}"
