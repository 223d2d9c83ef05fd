"""Serializers of the projects API: project items."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects import permissions, services, validation
from projects.api.serializers.common import UsernameField, _actor, _version_field
from projects.models import (
    ActionItem,
    ChangeRequest,
    ChangeStatus,
    Issue,
    Meeting,
    Milestone,
    Project,
    Risk,
)


class ProjectItemSerializer(serializers.ModelSerializer):
    """Base of everything that belongs to a project.

    ``project`` is written once, when the item is created, and only a project the user can see is accepted (an
    unknown or invisible project gets the same "does not exist" error, so confidential projects do not leak).
    Whether the user may write in that project is the view's business (``projects.permissions``).
    """

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if isinstance(self.instance, models.Model):
            fields["project"] = serializers.PrimaryKeyRelatedField(read_only=True)
        elif request is not None and "project" in fields and not fields["project"].read_only:
            fields["project"].queryset = permissions.visible_projects(request.user)
        return fields

    def _project(self, attrs: dict[str, Any]) -> Project:
        return attrs.get("project") or self.instance.project

    def _merged(self, attrs: dict[str, Any], name: str):
        """The value ``name`` will have after this write (the submitted one, else the stored one)."""
        if name in attrs:
            return attrs[name]
        return getattr(self.instance, name, None) if self.instance is not None else None

    def create(self, validated_data: dict[str, Any]):
        validated_data.pop("version", None)
        project = validated_data.pop("project")
        return services.create_item(
            actor=_actor(self), model=self.Meta.model, project=project, data=self._create_data(validated_data)
        )

    def _create_data(self, validated_data: dict[str, Any]) -> dict[str, Any]:
        return validated_data

    def update(self, instance, validated_data: dict[str, Any]):
        expected = validated_data.pop("version", None)
        validated_data.pop("project", None)
        return services.update_item(actor=_actor(self), obj=instance, data=validated_data, expected_version=expected)


class MilestoneSerializer(ProjectItemSerializer):
    slip_days = serializers.IntegerField(read_only=True, help_text=_("(Actual or forecast) − baseline, in days."))
    version = _version_field()

    class Meta:
        model = Milestone
        fields = [
            "id",
            "project",
            "name",
            "phase",
            "baseline_date",
            "forecast_date",
            "actual_date",
            "weight",
            "is_phase_gate",
            "slip_days",
            "version",
        ]


class IssueSerializer(ProjectItemSerializer):
    owner = UsernameField(required=False, allow_null=True)
    is_overdue = serializers.BooleanField(read_only=True)
    version = _version_field()

    class Meta:
        model = Issue
        fields = [
            "id",
            "project",
            "title",
            "description",
            "owner",
            "priority",
            "status",
            "raised_on",
            "due_date",
            "resolved_on",
            "resolution",
            "escalation_level",
            "source_risk",
            "is_overdue",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["source_risk", "created_at", "updated_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        validation.check_date_order(
            self._merged(attrs, "raised_on"), self._merged(attrs, "resolved_on"), end_field="resolved_on"
        )
        return attrs


class RiskSerializer(ProjectItemSerializer):
    owner = UsernameField(required=False, allow_null=True)
    resulting_issue = serializers.IntegerField(
        source="resulting_issue.id", read_only=True, allow_null=True, help_text=_("The issue this risk became.")
    )
    version = _version_field()

    class Meta:
        model = Risk
        fields = [
            "id",
            "project",
            "title",
            "cause",
            "effect",
            "probability",
            "impact",
            "score",
            "response",
            "mitigation_plan",
            "owner",
            "trigger",
            "next_review_date",
            "status",
            "resulting_issue",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = ["score", "created_at", "updated_at"]
        extra_kwargs = {
            "probability": {"min_value": 1, "max_value": 5},
            "impact": {"min_value": 1, "max_value": 5},
        }


class ChangeRequestSerializer(ProjectItemSerializer):
    """A change request (status ``proposed``) or a logged decision (``decision``); approve/reject via ``decide``."""

    decided_by = UsernameField(read_only=True)
    requested_by = UsernameField(read_only=True)

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "project",
            "title",
            "reason",
            "cost_impact",
            "schedule_impact_days",
            "status",
            "decided_by",
            "decided_on",
            "requested_by",
            "created_at",
        ]
        read_only_fields = ["decided_on", "created_at"]

    def validate_status(self, value: str) -> str:
        if value in (ChangeStatus.APPROVED, ChangeStatus.REJECTED) and (
            self.instance is None or self.instance.status != value
        ):
            raise serializers.ValidationError(_("Approve or reject a change request with its decide action."))
        return value

    def _create_data(self, validated_data: dict[str, Any]) -> dict[str, Any]:
        return {**validated_data, "requested_by": _actor(self)}


class DecideChangeRequestSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text=_("true approves, false rejects."))
    decided_on = serializers.DateField(required=False, help_text=_("Defaults to today."))
    comment = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs.setdefault("decided_on", timezone.localdate())
        return attrs


class MeetingSerializer(ProjectItemSerializer):
    attendees = UsernameField(many=True, required=False, help_text=_("Usernames of the attendees."))

    class Meta:
        model = Meeting
        fields = [
            "id",
            "project",
            "kind",
            "title",
            "held_on",
            "duration_minutes",
            "attendees",
            "other_attendees",
            "minutes",
            "decisions",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class ActionItemSerializer(ProjectItemSerializer):
    owner = UsernameField(required=False, allow_null=True)
    version = _version_field()

    class Meta:
        model = ActionItem
        fields = ["id", "project", "meeting", "title", "owner", "due_date", "status", "created_at", "version"]
        read_only_fields = ["created_at"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        meeting = attrs.get("meeting")
        if meeting is not None and meeting.project_id != self._project(attrs).pk:
            raise serializers.ValidationError({"meeting": [_("This meeting is of another project.")]})
        return attrs
