"""Serializers of the projects API: projects."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.validators import normalise_code
from projects import services
from projects.api.serializers.baseline_proposals import MilestoneDateSerializer
from projects.api.serializers.common import (
    RagField,
    UsernameField,
    VersionedSerializerMixin,
    _actor,
    _version_field,
    required_version_field,
    without_model_validators,
)
from projects.models import (
    ChangeRequest,
    Project,
)
from projects.services.projects import BASELINE_FIELDS, PROJECT_FIELDS


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


class ProjectSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
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
    overall_rag = RagField()
    schedule_rag = RagField(source="snapshot_schedule_rag")
    cost_rag = RagField(source="snapshot_cost_rag")
    quality_rag = RagField(source="snapshot_quality_rag")
    scope_rag = RagField(source="snapshot_scope_rag")
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
            "archived_at",
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
            "archived_at",
        ]
        extra_kwargs = without_model_validators("code", "currency")

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            for name in ("org_unit", "program"):
                if name in fields and not fields[name].read_only:
                    fields[name].queryset = fields[name].queryset.model.objects.restrict(request.user, "view")
        return fields

    def validate_code(self, value: str) -> str:
        return normalise_code(value)

    def validate_currency(self, value: str) -> str:
        return (value or "").strip().upper()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Parsing only: the baseline is given on creation and changed only by re-baselining."""
        errors: dict[str, Any] = {}
        if self.instance is None:
            for name in ("planned_start", "planned_end", "bac"):
                if attrs.get(name) is None:
                    errors[name] = [_("This field is required.")]
        else:
            current = self.instance.baseline
            for name in ("planned_start", "planned_end", "bac"):
                if name in attrs and (current is None or attrs[name] != getattr(current, name)):
                    errors[name] = [BASELINE_CHANGE_MESSAGE]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Project:
        validated_data.pop("version", None)
        fields = {k: v for k, v in validated_data.items() if k in PROJECT_FIELDS or k in BASELINE_FIELDS}
        return services.create_project(actor=_actor(self), **fields)

    def update(self, instance: Project, validated_data: dict[str, Any]) -> Project:
        expected = validated_data.pop("version", None)
        return services.update_project(
            actor=_actor(self),
            project=instance,
            expected_version=expected,
            **{k: v for k, v in validated_data.items() if k in PROJECT_FIELDS},
        )


class RebaselineSerializer(serializers.Serializer):
    """A new baseline for the project; every earlier one is kept. ``version`` is the project's version you read.

    ``milestone_dates`` optionally gives some milestones a new baseline date (moved when the re-baseline applies).
    """

    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    bac = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=0)
    reason = serializers.CharField(help_text=_("Why the baseline changes (usually an approved change request)."))
    change_request = serializers.PrimaryKeyRelatedField(
        queryset=ChangeRequest.objects.none(), required=False, allow_null=True
    )
    milestone_dates = MilestoneDateSerializer(many=True, required=False)
    version = required_version_field()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            # Only change requests the user may see: an invisible one answers like a missing one.
            fields["change_request"].queryset = ChangeRequest.objects.restrict(request.user, "view")
        return fields


class ArchiveSerializer(serializers.Serializer):
    """Archive (or restore) a closed or cancelled project: ``version`` is the project's version you read."""

    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = required_version_field()
