"""Serializers of the projects API: project items (milestones, issues, risks, change requests, meetings, actions).

The writable fields are ``projects.services.items.fields``' lists (the forms' and the services' too); the field
names are a contract integrators rely on.

They only parse: types, formats, required fields, and related objects looked up among those the user may see (a
project, a meeting) or by username (people). Every rule is the service's (``projects.services.items``): each
serializer calls its kind's service with the parsed fields as keyword arguments, and the service's ``RuleError``
becomes a 400 at the same field with the same words as on the page (``core.api.exception_handler``).

``version`` is required to change an item (and to decide a change request or turn a risk into an issue).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.locking import VERSION_REQUIRED
from projects import services
from projects.api.serializers.common import VERSION_HELP, UsernameField, _actor
from projects.models import ActionItem, ChangeRequest, Issue, Meeting, Milestone, Project, Risk
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

#: The words of ``core.locking.check_version`` (one message for one rule, whichever layer notices first).


def version_field(*, required: bool) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=required, min_value=1, help_text=VERSION_HELP, error_messages={"required": VERSION_REQUIRED}
    )


def person_field(**kwargs) -> UsernameField:
    """A person written as a username. An unknown username gets the service's words for someone outside the
    project, so that the answer does not tell who exists."""
    message = ATTENDEES_MESSAGE if kwargs.get("many") else PERSON_MESSAGE
    return UsernameField(error_messages={"does_not_exist": message}, **kwargs)


def _request_user(serializer: serializers.BaseSerializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class ProjectItemSerializer(serializers.ModelSerializer):
    """Base of everything that belongs to a project.

    ``project`` is written once, when the item is created, and only a project the user can see is accepted (an
    unknown or invisible project gets the same "does not exist" error, so confidential projects do not leak).
    Whether the user may write in that project is the service's business (``NotAllowed`` → 403).
    """

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())
    version = version_field(required=False)

    def get_fields(self):
        fields = super().get_fields()
        user = _request_user(self)
        if isinstance(self.instance, models.Model):
            fields["project"] = serializers.PrimaryKeyRelatedField(read_only=True)
            fields["version"] = version_field(required=True)
        elif "project" in fields and not fields["project"].read_only:
            fields["project"].queryset = Project.objects.restrict(user, "view") if user else Project.objects.none()
        return fields

    def creation(self, validated_data: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of a ``create_<kind>`` service (``actor`` and ``project`` included)."""
        data = dict(validated_data)
        data.pop("version", None)
        return {"actor": _actor(self), **data}

    def changes(self, validated_data: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of an ``update_<kind>`` service: ``expected_version`` and the fields sent."""
        data = dict(validated_data)
        data.pop("project", None)
        return {"actor": _actor(self), "expected_version": data.pop("version", None), **data}


class MilestoneSerializer(ProjectItemSerializer):
    slip_days = serializers.IntegerField(read_only=True, help_text=_("(Actual or forecast) − baseline, in days."))

    class Meta:
        model = Milestone
        fields = ["id", "project", *MILESTONE_FIELDS, "slip_days", "version"]

    def create(self, validated_data):
        return services.create_milestone(**self.creation(validated_data))

    def update(self, instance, validated_data):
        return services.update_milestone(milestone=instance, **self.changes(validated_data))


class IssueSerializer(ProjectItemSerializer):
    owner = person_field(required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Issue
        fields = ["id", "project", *ISSUE_FIELDS, "source_risk", "is_overdue", "created_at", "updated_at", "version"]
        read_only_fields = ["source_risk", "created_at", "updated_at"]

    def create(self, validated_data):
        return services.create_issue(**self.creation(validated_data))

    def update(self, instance, validated_data):
        return services.update_issue(issue=instance, **self.changes(validated_data))


class RiskSerializer(ProjectItemSerializer):
    owner = person_field(required=False, allow_null=True)
    resulting_issue = serializers.IntegerField(
        source="resulting_issue.id", read_only=True, allow_null=True, help_text=_("The issue this risk became.")
    )

    class Meta:
        model = Risk
        fields = ["id", "project", *RISK_FIELDS, "score", "resulting_issue", "created_at", "updated_at", "version"]
        read_only_fields = ["score", "created_at", "updated_at"]
        extra_kwargs = {
            "probability": {"min_value": 1, "max_value": 5},
            "impact": {"min_value": 1, "max_value": 5},
        }

    def create(self, validated_data):
        return services.create_risk(**self.creation(validated_data))

    def update(self, instance, validated_data):
        return services.update_risk(risk=instance, **self.changes(validated_data))


class ConvertRiskSerializer(serializers.Serializer):
    version = version_field(required=True)


class ChangeRequestSerializer(ProjectItemSerializer):
    """A change request (status ``proposed``) or a logged decision (``decision``, decided by the caller on
    ``decided_on``, today by default). Approve or reject a change request with ``decide``."""

    decided_by = UsernameField(read_only=True, allow_null=True)
    requested_by = UsernameField(read_only=True, allow_null=True)

    class Meta:
        model = ChangeRequest
        fields = ["id", "project", *CHANGE_REQUEST_FIELDS, "decided_by", "requested_by", "created_at", "version"]
        read_only_fields = ["created_at"]

    def create(self, validated_data):
        return services.create_change_request(**self.creation(validated_data))

    def update(self, instance, validated_data):
        return services.update_change_request(change_request=instance, **self.changes(validated_data))


class DecideChangeRequestSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text=_("true approves, false rejects."))
    decided_on = serializers.DateField(required=False, allow_null=True, help_text=_("Defaults to today."))
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    version = version_field(required=True)


class MeetingSerializer(ProjectItemSerializer):
    attendees = person_field(many=True, required=False, help_text=_("Usernames of the attendees."))

    class Meta:
        model = Meeting
        fields = ["id", "project", *MEETING_FIELDS, "created_at", "version"]
        read_only_fields = ["created_at"]

    def create(self, validated_data):
        return services.create_meeting(**self.creation(validated_data))

    def update(self, instance, validated_data):
        return services.update_meeting(meeting=instance, **self.changes(validated_data))


class ActionItemSerializer(ProjectItemSerializer):
    owner = person_field(required=False, allow_null=True)
    meeting = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": MEETING_NOT_FOUND},
    )

    class Meta:
        model = ActionItem
        fields = ["id", "project", *ACTION_ITEM_FIELDS, "created_at", "version"]
        read_only_fields = ["created_at"]

    def get_fields(self):
        fields = super().get_fields()
        user = _request_user(self)
        # Meetings the user may see: another (confidential) project's meeting answers like a missing one.
        fields["meeting"].queryset = Meeting.objects.restrict(user, "view") if user else Meeting.objects.none()
        return fields

    def create(self, validated_data):
        return services.create_action_item(**self.creation(validated_data))

    def update(self, instance, validated_data):
        return services.update_action_item(action_item=instance, **self.changes(validated_data))
