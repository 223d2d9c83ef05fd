"""Forms of the project pages: create (with the first baseline), edit, re-baseline, members, history filter.

The forms only parse (types, formats, required inputs); the rules are ``projects.services``', whose
``RuleError`` the views show at the field (``core.forms.add_rule_error``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core import roles
from core.forms import BootstrapFormMixin, DisabledOptionsSelect, bootstrap_widgets, offer
from core.people import display_name
from core.validators import normalise_code
from projects import selectors
from projects.forms.money import MoneyField
from projects.forms.org_choices import coded_label
from projects.models import Baseline, ChangeRequest, Project, ProjectMembership
from projects.services.memberships import member_candidates
from projects.services.projects import (
    BASELINE_FIELDS,
    PROJECT_FIELDS,
    TARGET_FIELDS,
    allowed_states,
    pm_candidates,
)

User = get_user_model()


class UserChoiceField(forms.ModelChoiceField):
    """A user shown by full name and username."""

    def label_from_instance(self, obj) -> str:
        name = display_name(obj)
        return f"{name} ({obj.username})" if name != obj.username else obj.username


def _label(model, name: str):
    """The model field's verbose_name, capitalised (lazy: it follows the active language)."""
    return capfirst(model._meta.get_field(name).verbose_name)


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d"],
    )


def _percent_field(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


class BaselineFieldsMixin(forms.Form):
    """The QCD baseline: planned start and end, BAC, quality targets (their rules are the service's)."""

    planned_start = _date_field(_label(Baseline, "planned_start"))
    planned_end = _date_field(_label(Baseline, "planned_end"))
    bac = MoneyField(
        label=_label(Baseline, "bac"),
        max_digits=15,
        decimal_places=0,
        min_value=0,
        help_text=_("Whole amount in the project's currency."),
    )
    defect_density_target = forms.DecimalField(
        label=_label(Baseline, "defect_density_target"),
        required=False,
        max_digits=8,
        decimal_places=2,
        min_value=0,
    )
    review_coverage_target = _percent_field(_label(Baseline, "review_coverage_target"))
    open_defects_target = forms.IntegerField(label=_label(Baseline, "open_defects_target"), required=False, min_value=0)
    test_pass_rate_target = _percent_field(_label(Baseline, "test_pass_rate_target"))

    def baseline_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in BASELINE_FIELDS}


class ProjectForm(BootstrapFormMixin, forms.ModelForm):
    """A project's own fields (PROJECT_FIELDS of the services); their rules are the service's.

    ``user`` decides what the selects offer: the PMO any PM; a PM creating a project is offered only themself, and
    on edit only the current PM (handing a project over is the PMO's). The fields accept any active user, so a
    crafted value gets the service's message at the field, exactly as through the API.
    """

    pm = UserChoiceField(queryset=User.objects.none(), label=_label(Project, "pm"))
    deputy_pm = UserChoiceField(queryset=User.objects.none(), label=_label(Project, "deputy_pm"), required=False)

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.is_pmo = roles.is_pmo(user)
        candidates = pm_candidates()
        active = User.objects.filter(is_active=True)
        for name in ("pm", "deputy_pm"):
            self.fields[name].queryset = active
        offer(self.fields["deputy_pm"], candidates)
        if self.is_pmo:
            offer(self.fields["pm"], candidates)
        elif self.instance.pk:
            offer(self.fields["pm"], User.objects.filter(pk=self.instance.pm_id))
            self.fields["pm"].help_text = _("Only the PMO can hand the project to another PM.")
        else:
            offer(self.fields["pm"], User.objects.filter(pk=user.pk))
            self.initial["pm"] = user.pk
        for name in ("org_unit", "program"):
            self.fields[name].queryset = self.fields[name].queryset.model.objects.restrict(user, "view")
            self.fields[name].label_from_instance = coded_label  # the code an import file names
        self.fields["code"].help_text = _("Unique, e.g. PRJ-2026-014.")
        self.fields["currency"].help_text = _("ISO 4217 code, e.g. JPY.")
        # Offer only the states the lifecycle allows from here; any other is the service's to refuse.
        allowed = allowed_states(user, self.instance.state if self.instance.pk else None)
        state = self.fields["state"]
        state.widget = DisabledOptionsSelect(choices=state.choices, enabled=set(allowed), attrs=state.widget.attrs)

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data.get("code"))

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def _post_clean(self) -> None:
        """No model validation here: the service checks the model's rules and answers at the field."""

    def project_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROJECT_FIELDS if name in self.cleaned_data}


class ProjectCreateForm(BaselineFieldsMixin, ProjectForm):
    """A new project with its first baseline (``BaselineFieldsMixin.clean`` chains to ``ProjectForm.clean``)."""


class ProjectEditForm(ProjectForm):
    """Edit with optimistic locking: ``version`` is the version the editor loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)


class RebaselineForm(BootstrapFormMixin, BaselineFieldsMixin):
    """A new baseline: dates, BAC, quality targets, the reason (required) and an approved change request."""

    reason = forms.CharField(label=_label(Baseline, "reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    change_request = forms.ModelChoiceField(
        queryset=ChangeRequest.objects.none(),
        required=False,
        label=_("Approved change request"),
        help_text=_("Only an approved change request of this project can be chosen."),
    )

    field_order = ["planned_start", "planned_end", "bac", "reason", "change_request"]

    def __init__(self, *args: Any, project: Project, user, **kwargs: Any) -> None:
        baseline: Baseline | None = project.baseline
        if baseline is not None:
            # Dates and BAC start from the current baseline; the quality targets start blank (blank keeps the
            # current target, the service's rule), with the current value shown beside each.
            kwargs["initial"] = {
                **{name: getattr(baseline, name) for name in BASELINE_FIELDS if name not in TARGET_FIELDS},
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        for name in TARGET_FIELDS:
            now = getattr(baseline, name) if baseline is not None else None
            field = self.fields[name]
            if now is None:
                field.help_text = _("No target now. Leave blank to keep it so.")
            else:
                field.help_text = _("Now: %(value)s. Leave blank to keep it.") % {"value": now}
                field.widget.attrs["placeholder"] = str(now)
        # Every change request of the project is accepted here; only approved ones can be chosen in the browser,
        # and the service refuses the others with its own message.
        change_request = self.fields["change_request"]
        change_request.queryset = ChangeRequest.objects.restrict(user, "view")
        enabled = {str(pk) for pk in selectors.approved_change_requests(project).values_list("pk", flat=True)}
        change_request.widget = DisabledOptionsSelect(enabled=enabled, attrs=change_request.widget.attrs)
        change_request.label_from_instance = lambda cr: f"{cr.title} ({cr.get_status_display()})"
        offer(change_request, selectors.project_change_requests(project))
        # Required by the service (one message for an empty or blank reason); marked for the user here.
        self.fields["reason"].widget.attrs["aria-required"] = "true"
        self.fields["reason"].show_required = True
        self.initial.setdefault("version", project.version)

        # Optionally a new baseline date for some milestones (empty: the milestone keeps its baseline date).
        self.milestones = list(project.milestones.order_by("baseline_date", "id"))
        for milestone in self.milestones:
            field = _date_field(milestone.name)
            field.required = False
            field.help_text = _("Baseline date now: %(date)s") % {"date": milestone.baseline_date.isoformat()}
            self.fields[self.milestone_field(milestone)] = field
        bootstrap_widgets(self)

    @staticmethod
    def milestone_field(milestone) -> str:
        return f"milestone_{milestone.pk}"

    def milestone_fields(self) -> list:
        return [self[self.milestone_field(m)] for m in self.milestones]

    def targets(self) -> dict[str, Any]:
        """The targets typed in; a blank one is ``None`` (the service keeps the current baseline's value)."""
        return {name: self.cleaned_data.get(name) for name in TARGET_FIELDS}

    def milestone_dates(self) -> list[tuple[Any, Any]]:
        """The milestones given a new baseline date (a date equal to the current one is no change)."""
        out = []
        for milestone in self.milestones:
            date = self.cleaned_data.get(self.milestone_field(milestone))
            if date and date != milestone.baseline_date:
                out.append((milestone, date))
        return out


class DecideRebaselineForm(BootstrapFormMixin, forms.Form):
    """The PMO's decision on a re-baseline proposal (a rejection needs a comment: the service says so)."""

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))], widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MemberForm(BootstrapFormMixin, forms.Form):
    """Add a member (or change the project role of an existing one)."""

    user = UserChoiceField(queryset=User.objects.none(), label=_("User"))
    project_role = forms.CharField(
        label=_label(ProjectMembership, "project_role"),
        max_length=100,
        required=False,
        help_text=_("e.g. developer, architect, test lead"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True)
        offer(self.fields["user"], member_candidates())


class ArchiveForm(forms.Form):
    """Archive or restore a project (the PMO): the version read and an optional reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(required=False, max_length=2000)

    def clean_project_role(self) -> str:
        return (self.cleaned_data.get("project_role") or "").strip()


class HistoryFilterForm(BootstrapFormMixin, forms.Form):
    """Filter the History tab by object type (the types that occur in the project's history)."""

    object_type = forms.ChoiceField(label=_("Object type"), required=False)

    def __init__(self, *args: Any, type_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All"))] + type_choices
