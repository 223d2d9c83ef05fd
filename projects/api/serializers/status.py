"""Serializers of the projects API: weekly status reports. They parse; ``projects.services.status`` decides."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.api.serializers.common import (
    RagField,
    UsernameField,
    VersionedSerializerMixin,
    _actor,
    _version_field,
    required_version_field,
)
from projects.evaluation import COMPUTED_FIELDS
from projects.models import Project, StatusReport
from projects.services import status as status_services
from projects.services.status import CONTENT_FIELDS, ReportContent


class StatusReportSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    """A weekly status report. ``state`` changes only through the submit and review actions.

    The computed figures (``bac`` and ``baseline_number``, the baseline they were judged against, included) are
    read-only and frozen once the report is submitted: a later re-baseline or cost correction never changes them.

    ``project`` is written once, when the report is created; only a project the user can see is accepted (an
    unknown or invisible project gets the same "does not exist" error).
    """

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())
    week = serializers.CharField(max_length=8, help_text=_("ISO week, e.g. 2026-W47."))
    submitted_by = UsernameField(read_only=True, allow_null=True)
    reviewed_by = UsernameField(read_only=True, allow_null=True)
    # What the figures suggest: null until there are figures to judge (never "", outside the RAG enum).
    suggested_overall_rag = RagField()
    suggested_schedule_rag = RagField()
    suggested_cost_rag = RagField()
    suggested_quality_rag = RagField()
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
            "bac",
            "baseline_number",
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
        # Uniqueness of the week, value ranges and the override rule are the service's (one message each).
        validators: list = []
        extra_kwargs = {name: {"validators": []} for name in ("percent_complete", "actual_cost_to_date")}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if isinstance(self.instance, models.Model):
            fields["project"] = serializers.PrimaryKeyRelatedField(read_only=True)
            fields["week"] = serializers.CharField(read_only=True)
        elif request is not None:
            fields["project"].queryset = Project.objects.restrict(request.user, "view")
        return fields

    def _content(self, attrs: dict[str, Any]) -> ReportContent:
        """The full content after this write: the submitted fields over the stored ones."""
        stored = {name: getattr(self.instance, name) for name in CONTENT_FIELDS} if self.instance else {}
        merged = {**stored, **{k: v for k, v in attrs.items() if k in CONTENT_FIELDS}}
        return ReportContent.from_mapping(merged)

    def create(self, validated_data: dict[str, Any]) -> StatusReport:
        return status_services.create_status_report(
            actor=_actor(self),
            project=validated_data["project"],
            week=validated_data["week"].strip().upper(),
            content=self._content(validated_data),
        )

    def update(self, instance: StatusReport, validated_data: dict[str, Any]) -> StatusReport:
        return status_services.update_status_report(
            actor=_actor(self),
            report=instance,
            content=self._content(validated_data),
            expected_version=validated_data.get("version"),
        )


class VersionSerializer(serializers.Serializer):
    """The body of an action that only needs the version you read."""

    version = required_version_field()


class ReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return to the PM"))])
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = required_version_field()


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = required_version_field()
