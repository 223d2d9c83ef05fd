"""Serializers of the projects API: status reports."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects import services, validation
from projects.api.serializers.common import UsernameField, _actor, _version_field
from projects.api.serializers.items import ProjectItemSerializer
from projects.models import (
    StatusReport,
)
from projects.services.metrics import COMPUTED_FIELDS
from projects.services.status import CONTENT_FIELDS


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
