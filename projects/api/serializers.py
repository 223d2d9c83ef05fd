"""Serializers of the projects API: they validate and translate input, then call ``projects.services``.

Field names are a contract integrators rely on (see issue 3, "API"); change them only with a new API version.
Users appear as usernames. ``version`` is read on every object that has one; send it back on PATCH/PUT (and on
the status report actions) to have a stale edit refused with 409 instead of overwriting someone else's change.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects import permissions, services, validation
from projects.models import (
    ActionItem,
    ChangeRequest,
    ChangeStatus,
    Issue,
    Meeting,
    Milestone,
    OrgUnit,
    Program,
    Project,
    Risk,
    StatusReport,
)
from projects.services.metrics import COMPUTED_FIELDS
from projects.services.org import create_org_object, update_org_object
from projects.services.projects import BASELINE_FIELDS, PROJECT_FIELDS
from projects.services.status import CONTENT_FIELDS

User = get_user_model()

VERSION_HELP = _(
    "Optimistic locking: the version you read. Send it with a change; if someone saved the object since, "
    "the change is refused with 409."
)


def _actor(serializer: serializers.BaseSerializer):
    return serializer.context["request"].user


class UsernameField(serializers.SlugRelatedField):
    """A user written and read as their username (active users only when written)."""

    default_error_messages = {
        "does_not_exist": _("There is no active user with the username “{value}”."),
        "invalid": _("Enter a username."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)


def _version_field() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


# --- Organisation -------------------------------------------------------------------------------------------------


class OrgUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "parent"]

    def validate_parent(self, parent: OrgUnit | None) -> OrgUnit | None:
        """The tree may not loop: the parent may be neither this unit nor one of its descendants."""
        node = parent
        seen: set[int] = set()
        while node is not None and self.instance is not None and node.pk not in seen:
            if node.pk == self.instance.pk:
                raise serializers.ValidationError(_("An org unit cannot be placed under itself."))
            seen.add(node.pk)
            node = node.parent
        return parent

    def create(self, validated_data: dict[str, Any]) -> OrgUnit:
        return create_org_object(actor=_actor(self), model=OrgUnit, data=validated_data)

    def update(self, instance: OrgUnit, validated_data: dict[str, Any]) -> OrgUnit:
        return update_org_object(actor=_actor(self), obj=instance, data=validated_data)


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "name", "description", "org_unit"]

    def create(self, validated_data: dict[str, Any]) -> Program:
        return create_org_object(actor=_actor(self), model=Program, data=validated_data)

    def update(self, instance: Program, validated_data: dict[str, Any]) -> Program:
        return update_org_object(actor=_actor(self), obj=instance, data=validated_data)


# --- Projects -----------------------------------------------------------------------------------------------------


class _FromBaseline:
    """Read from the project's current baseline (None without one); written only when the project is created."""

    def get_attribute(self, instance: Project):
        baseline = instance.baseline if instance.baseline_id else None
        return getattr(baseline, self.field_name) if baseline is not None else None


class BaselineDecimalField(_FromBaseline, serializers.DecimalField):
    pass


class BaselineDateField(_FromBaseline, serializers.DateField):
    pass


BASELINE_CHANGE_MESSAGE = _(
    "The baseline changes only by re-baselining with a reason (POST …/projects/{id}/rebaseline/)."
)


class ProjectSerializer(serializers.ModelSerializer):
    """A project with its current baseline (``bac``, ``planned_start``, ``planned_end``) and latest EVM figures."""

    pm = UsernameField(help_text=_("The PM's username."))
    deputy_pm = UsernameField(required=False, allow_null=True, help_text=_("The deputy PM's username."))
    bac = BaselineDecimalField(
        max_digits=15,
        decimal_places=0,
        min_value=0,
        required=False,
        allow_null=True,
        help_text=_("Budget at completion of the current baseline; required when creating."),
    )
    planned_start = BaselineDateField(
        required=False, allow_null=True, help_text=_("From the current baseline; required when creating.")
    )
    planned_end = BaselineDateField(
        required=False, allow_null=True, help_text=_("From the current baseline; required when creating.")
    )
    schedule_rag = serializers.CharField(source="snapshot_schedule_rag", read_only=True)
    cost_rag = serializers.CharField(source="snapshot_cost_rag", read_only=True)
    quality_rag = serializers.CharField(source="snapshot_quality_rag", read_only=True)
    scope_rag = serializers.CharField(source="snapshot_scope_rag", read_only=True)
    version = _version_field()

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "description",
            "org_unit",
            "program",
            "pm",
            "deputy_pm",
            "sponsor",
            "customer",
            "project_type",
            "phase",
            "state",
            "confidential",
            "currency",
            "bac",
            "planned_start",
            "planned_end",
            "percent_complete",
            "spi",
            "cpi",
            "eac",
            "overall_rag",
            "schedule_rag",
            "cost_rag",
            "quality_rag",
            "scope_rag",
            "last_report_week",
            "next_milestone_name",
            "next_milestone_date",
            "max_slip_days",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "percent_complete",
            "spi",
            "cpi",
            "eac",
            "overall_rag",
            "last_report_week",
            "next_milestone_name",
            "next_milestone_date",
            "max_slip_days",
            "updated_at",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        if self.instance is None:
            for name in ("planned_start", "planned_end", "bac"):
                if attrs.get(name) is None:
                    errors[name] = [_("This field is required.")]
            start, end = attrs.get("planned_start"), attrs.get("planned_end")
        else:
            current = self.instance.baseline
            for name in ("planned_start", "planned_end", "bac"):
                if name in attrs and (current is None or attrs[name] != getattr(current, name)):
                    errors[name] = [BASELINE_CHANGE_MESSAGE]
            start = end = None
        if errors:
            raise serializers.ValidationError(errors)
        validation.check_date_order(start, end)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Project:
        validated_data.pop("version", None)
        return services.create_project(
            actor=_actor(self),
            data={k: v for k, v in validated_data.items() if k in PROJECT_FIELDS},
            baseline={k: v for k, v in validated_data.items() if k in BASELINE_FIELDS},
        )

    def update(self, instance: Project, validated_data: dict[str, Any]) -> Project:
        expected = validated_data.pop("version", None)
        return services.update_project(
            actor=_actor(self),
            project=instance,
            data={k: v for k, v in validated_data.items() if k in PROJECT_FIELDS},
            expected_version=expected,
        )


class RebaselineSerializer(serializers.Serializer):
    """A new baseline for the project; every earlier one is kept."""

    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    bac = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=0)
    reason = serializers.CharField(help_text=_("Why the baseline changes (usually an approved change request)."))
    change_request = serializers.PrimaryKeyRelatedField(
        queryset=ChangeRequest.objects.all(), required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        validation.check_date_order(attrs["planned_start"], attrs["planned_end"])
        cr = attrs.get("change_request")
        if cr is not None and cr.project_id != self.context["project"].pk:
            raise serializers.ValidationError({"change_request": [_("This change request is of another project.")]})
        return attrs


# --- Project items ------------------------------------------------------------------------------------------------


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


# --- Status reports -----------------------------------------------------------------------------------------------


class StatusReportSerializer(ProjectItemSerializer):
    """A weekly status report. ``state`` changes only through the submit and review actions."""

    week = serializers.CharField(max_length=8, help_text=_("ISO week, e.g. 2026-W47."))
    submitted_by = UsernameField(read_only=True)
    reviewed_by = UsernameField(read_only=True)
    version = _version_field()

    class Meta:
        model = StatusReport
        fields = [
            "id",
            "project",
            "week",
            "week_start",
            "state",
            "revision",
            *CONTENT_FIELDS,
            "suggested_overall_rag",
            "suggested_schedule_rag",
            "suggested_cost_rag",
            "suggested_quality_rag",
            "pv",
            "ev",
            "ac",
            "spi",
            "cpi",
            "spi_t",
            "eac",
            "submitted_at",
            "submitted_by",
            "reviewed_at",
            "reviewed_by",
            "review_comment",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "week_start",
            "state",
            "revision",
            *COMPUTED_FIELDS,
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "created_at",
            "updated_at",
        ]
        # The one-report-per-week rule is checked in validate() so that its error is reported at ``week``.
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        if isinstance(self.instance, models.Model):
            fields["week"] = serializers.CharField(read_only=True)
        return fields

    def validate_week(self, value: str) -> str:
        return validation.validate_iso_week(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        project = self._project(attrs)
        week = attrs.get("week") or self.instance.week
        content = {name: self._merged(attrs, name) for name in CONTENT_FIELDS}
        if self.instance is None:
            validation.check_unique_week(project=project, week=week)
        validation.check_rag_override(project=project, week=week, data=content)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> StatusReport:
        return services.create_status_report(
            actor=_actor(self),
            project=validated_data["project"],
            week=validated_data["week"],
            data={k: v for k, v in validated_data.items() if k in CONTENT_FIELDS},
        )

    def update(self, instance: StatusReport, validated_data: dict[str, Any]) -> StatusReport:
        return services.update_status_report(
            actor=_actor(self),
            report=instance,
            data={k: v for k, v in validated_data.items() if k in CONTENT_FIELDS},
            expected_version=validated_data.get("version"),
        )


class VersionSerializer(serializers.Serializer):
    """The body of an action that only needs the version you read (optional)."""

    version = _version_field()


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return to the PM"))])
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = _version_field()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["decision"] == "return" and not attrs.get("comment", "").strip():
            raise serializers.ValidationError({"comment": [_("A returned report needs a comment for the PM.")]})
        return attrs


__all__ = [
    "ActionItemSerializer",
    "ChangeRequestSerializer",
    "DecideChangeRequestSerializer",
    "IssueSerializer",
    "MeetingSerializer",
    "MilestoneSerializer",
    "OrgUnitSerializer",
    "ProgramSerializer",
    "ProjectSerializer",
    "RebaselineSerializer",
    "ReviewSerializer",
    "RiskSerializer",
    "StatusReportSerializer",
    "VersionSerializer",
]
