"""Forms of the project item tabs (milestones, issues, risks, changes, meetings, action items).

The forms only validate: the views hand ``cleaned_data`` (the model fields of ``Meta.fields``) to
``projects.services``. Each form gets ids unique on the page (``issue-12-title``) so that several row forms can
be open at once, Bootstrap classes, and ``is-invalid`` on fields with errors (Django ties the error text to the
field with ``aria-describedby``; ``templates/includes/field.html`` renders it with the matching id).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import ActionItem, ChangeRequest, ChangeStatus, Issue, Meeting, Milestone, Risk
from core.people import display_name

User = get_user_model()

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def project_people(project, *extra_user_ids: int | None) -> QuerySet:
    """Who may own an item or attend a meeting: the PM, the deputy PM, the members, and anyone already chosen."""
    ids = {pk for pk in (project.pm_id, project.deputy_pm_id, *extra_user_ids) if pk}
    return (
        User.objects.filter(Q(pk__in=ids) | Q(memberships__project=project))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def person_label(user) -> str:
    return display_name(user)


class ItemForm(forms.ModelForm):
    """Base of the item forms.

    ``versioned`` forms carry a hidden ``version`` (optimistic locking: the view passes it to the service as
    ``expected_version``). ``restricted`` forms are those of a member editing an item assigned to them: they may
    not hand it to someone else, so ``owner`` is disabled.
    """

    id_prefix: ClassVar[str] = "item"
    versioned: ClassVar[bool] = False
    person_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, project, restricted: bool = False, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        key = instance.pk if instance is not None and instance.pk else "new"
        kwargs.setdefault("auto_id", f"{self.id_prefix}-{key}-%s")
        super().__init__(*args, **kwargs)
        self.project = project
        if self.versioned:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
            self.initial.setdefault("version", self.instance.version)
        for name in self.person_fields:
            field = self.fields[name]
            current = getattr(self.instance, f"{name}_id", None)
            field.queryset = project_people(project, current)
            field.label_from_instance = person_label
        if restricted and "owner" in self.fields:
            self.fields["owner"].disabled = True
        self._style()

    @property
    def model_data(self) -> dict[str, Any]:
        """The cleaned values of the model fields only (what the services take)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):  # also SelectMultiple
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 2)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _range_messages(what: str) -> dict[str, Any]:
    message = _("%(what)s must be a whole number from 1 to 5.") % {"what": what}
    return {"min_value": message, "max_value": message, "invalid": message}


class MilestoneForm(ItemForm):
    id_prefix = "milestone"
    versioned = True

    class Meta:
        model = Milestone
        fields = ["name", "phase", "baseline_date", "forecast_date", "actual_date", "weight", "is_phase_gate"]
        widgets = {"baseline_date": DATE_WIDGET, "forecast_date": DATE_WIDGET, "actual_date": DATE_WIDGET}

    def clean_actual_date(self):
        actual = self.cleaned_data.get("actual_date")
        if actual and actual > timezone.localdate():
            raise forms.ValidationError(_("An actual date cannot be in the future; use the forecast date."))
        return actual


class IssueForm(ItemForm):
    id_prefix = "issue"
    versioned = True
    person_fields = ("owner",)

    class Meta:
        model = Issue
        fields = [
            "title",
            "description",
            "priority",
            "status",
            "owner",
            "raised_on",
            "due_date",
            "resolved_on",
            "escalation_level",
            "resolution",
        ]
        widgets = {"raised_on": DATE_WIDGET, "due_date": DATE_WIDGET, "resolved_on": DATE_WIDGET}

    def clean(self):
        data = super().clean()
        raised = data.get("raised_on")
        if raised and data.get("due_date") and data["due_date"] < raised:
            self.add_error("due_date", _("The due date cannot be before the date the issue was raised."))
        if raised and data.get("resolved_on") and data["resolved_on"] < raised:
            self.add_error("resolved_on", _("The resolution date cannot be before the date the issue was raised."))
        return data


class RiskForm(ItemForm):
    id_prefix = "risk"
    versioned = True
    person_fields = ("owner",)

    probability = forms.IntegerField(
        label=_("Probability"),
        min_value=1,
        max_value=5,
        error_messages=_range_messages(_("Probability")),
        help_text=_("1 (rare) to 5 (almost certain)"),
    )
    impact = forms.IntegerField(
        label=_("Impact"),
        min_value=1,
        max_value=5,
        error_messages=_range_messages(_("Impact")),
        help_text=_("1 (minor) to 5 (severe)"),
    )

    class Meta:
        model = Risk
        fields = [
            "title",
            "probability",
            "impact",
            "response",
            "status",
            "owner",
            "next_review_date",
            "trigger",
            "cause",
            "effect",
            "mitigation_plan",
        ]
        widgets = {"next_review_date": DATE_WIDGET}


class ChangeRequestForm(ItemForm):
    """A change request (decided later with approve / reject) or a decision logged as taken."""

    id_prefix = "change"

    class Meta:
        model = ChangeRequest
        fields = ["title", "reason", "cost_impact", "schedule_impact_days", "status", "decided_on"]
        widgets = {"decided_on": DATE_WIDGET}
        help_texts = {"decided_on": _("For a logged decision; today when left empty.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Approval and rejection are separate actions (with history); the form only chooses the kind of entry.
        self.fields["status"].choices = [
            (ChangeStatus.PROPOSED, ChangeStatus.PROPOSED.label),
            (ChangeStatus.DECISION, ChangeStatus.DECISION.label),
        ]
        self.fields["status"].label = _("Kind of entry")

    def clean(self):
        data = super().clean()
        if data.get("status") == ChangeStatus.PROPOSED:
            data["decided_on"] = None
        elif data.get("status") == ChangeStatus.DECISION and not data.get("decided_on"):
            data["decided_on"] = timezone.localdate()
        return data


class MeetingForm(ItemForm):
    id_prefix = "meeting"
    person_fields = ("attendees",)

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "held_on",
            "duration_minutes",
            "attendees",
            "other_attendees",
            "minutes",
            "decisions",
        ]
        widgets = {"held_on": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attendees = self.fields["attendees"]
        if self.instance.pk:
            chosen = [u.pk for u in self.instance.attendees.all()]
            attendees.queryset = project_people(self.project, *chosen)
        attendees.widget.attrs["size"] = 4


class ActionItemForm(ItemForm):
    id_prefix = "action"
    versioned = True
    person_fields = ("owner",)

    class Meta:
        model = ActionItem
        fields = ["title", "meeting", "owner", "due_date", "status"]
        widgets = {"due_date": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(project=self.project).order_by("-held_on", "-id")
