"""Forms of the project item tabs (milestones, issues, risks, changes, meetings, action items).

The forms only parse (types, formats, required fields, choices); every rule is the service's
(``projects.services.items``), whose ``RuleError`` the views show at the fields (``core.forms.add_rule_error``).
``service_data`` is what the view hands to the kind's service as keyword arguments, and ``expected_version`` the
hidden ``version`` the editor read. Each form gets ids unique on the page (``issue-12-title``) so that several row
forms can be open at once, and Bootstrap classes (``core.forms.BootstrapFormMixin``).

The choices of people (owner, attendees) are the project's people, and an action item's meeting one of the
project's meetings the user may see; anything else is refused with the service's message for that field.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin, bootstrap_widgets
from core.people import display_name
from projects.models import ActionItem, ChangeRequest, ChangeStatus, Issue, Meeting, Milestone, Risk
from projects.selectors import project_people
from projects.services.items.common import ATTENDEES_MESSAGE, PERSON_MESSAGE
from projects.services.items.fields import (
    ACTION_ITEM_FIELDS,
    CHANGE_REQUEST_FIELDS,
    ISSUE_FIELDS,
    MEETING_FIELDS,
    MILESTONE_FIELDS,
    RISK_FIELDS,
)
from projects.services.items.meetings import MEETING_NOT_FOUND

__all__ = [
    "ActionItemForm",
    "ChangeRequestForm",
    "IssueForm",
    "ItemForm",
    "MeetingForm",
    "MilestoneForm",
    "RiskForm",
    "person_label",
    "project_people",
]

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def person_label(user) -> str:
    return display_name(user)


class ItemForm(BootstrapFormMixin, forms.ModelForm):
    """Base of the item forms.

    An existing item's form carries a hidden ``version`` (optimistic locking; the service requires it).
    ``restricted`` forms are those of a member editing an item assigned to them: they may not hand it to someone
    else, so ``owner`` is disabled (the service refuses it anyway).
    """

    id_prefix: ClassVar[str] = "item"
    person_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, project, user=None, restricted: bool = False, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        key = instance.pk if instance is not None and instance.pk else "new"
        kwargs.setdefault("auto_id", f"{self.id_prefix}-{key}-%s")
        super().__init__(*args, **kwargs)
        self.project = project
        self.user = user
        if self.instance.pk:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
            self.initial.setdefault("version", self.instance.version)
        for name in self.person_fields:
            field = self.fields[name]
            current = getattr(self.instance, f"{name}_id", None)
            field.queryset = project_people(project, current)
            field.label_from_instance = person_label
            field.error_messages["invalid_choice"] = PERSON_MESSAGE
        if restricted and "owner" in self.fields:
            self.fields["owner"].disabled = True
        bootstrap_widgets(self)

    @property
    def service_data(self) -> dict[str, Any]:
        """The parsed values of the form's model fields: the keyword arguments of the kind's service."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


def _range_messages(what: str) -> dict[str, Any]:
    message = _("%(what)s must be a whole number from 1 to 5.") % {"what": what}
    return {"min_value": message, "max_value": message, "invalid": message}


class MilestoneForm(ItemForm):
    id_prefix = "milestone"

    class Meta:
        model = Milestone
        fields = list(MILESTONE_FIELDS)
        widgets = {"baseline_date": DATE_WIDGET, "forecast_date": DATE_WIDGET, "actual_date": DATE_WIDGET}


class IssueForm(ItemForm):
    id_prefix = "issue"
    person_fields = ("owner",)

    class Meta:
        model = Issue
        fields = list(ISSUE_FIELDS)
        widgets = {"raised_on": DATE_WIDGET, "due_date": DATE_WIDGET, "resolved_on": DATE_WIDGET}


class RiskForm(ItemForm):
    id_prefix = "risk"
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
        fields = list(RISK_FIELDS)
        widgets = {"next_review_date": DATE_WIDGET}


class ChangeRequestForm(ItemForm):
    """A change request (decided later with approve / reject) or a decision logged as taken."""

    id_prefix = "change"

    class Meta:
        model = ChangeRequest
        fields = list(CHANGE_REQUEST_FIELDS)
        widgets = {"decided_on": DATE_WIDGET}
        help_texts = {"decided_on": _("For a logged decision; today when left empty.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Approval and rejection are separate actions (with history): the form offers only the kind of entry. Any
        # status of the model parses; the service refuses approved / rejected with its own words.
        status = self.fields["status"]
        status.widget.choices = [
            (ChangeStatus.PROPOSED, ChangeStatus.PROPOSED.label),
            (ChangeStatus.DECISION, ChangeStatus.DECISION.label),
        ]
        status.label = _("Kind of entry")


class MeetingForm(ItemForm):
    id_prefix = "meeting"

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {"held_on": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attendees = self.fields["attendees"]
        chosen = [u.pk for u in self.instance.attendees.all()] if self.instance.pk else []
        attendees.queryset = project_people(self.project, *chosen)
        attendees.label_from_instance = person_label
        attendees.error_messages["invalid_choice"] = ATTENDEES_MESSAGE
        attendees.widget.attrs["size"] = 4


class ActionItemForm(ItemForm):
    id_prefix = "action"
    person_fields = ("owner",)

    class Meta:
        model = ActionItem
        fields = list(ACTION_ITEM_FIELDS)
        widgets = {"due_date": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.fields["meeting"]
        visible = Meeting.objects.restrict(self.user, "view") if self.user is not None else Meeting.objects.none()
        meeting.queryset = visible.filter(project=self.project).order_by("-held_on", "-id")
        meeting.error_messages["invalid_choice"] = MEETING_NOT_FOUND
