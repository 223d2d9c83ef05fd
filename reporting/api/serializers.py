"""Serializers of the reporting API: they parse and shape; the rules are the services'."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.people import display_name
from projects import selectors as project_selectors
from projects.models import OrgUnit
from reporting.models import ReportKind, ReportRun, ReportSchedule, RunState, ScheduleRecipient


def _user(serializer):
    return serializer.context["request"].user


class ReportRunSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(choices=RunState.choices, read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True, default=None, allow_null=True)
    requested_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "state",
            "project",
            "project_code",
            "org_unit",
            "schedule",
            "as_of",
            "language",
            "requested_by",
            "requested_at",
            "started_at",
            "finished_at",
            "attempts",
            "size",
            "pages",
            "checksum",
            "error",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_requested_by(self, run) -> str | None:
        return display_name(run.requested_by) if run.requested_by_id else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, run) -> str | None:
        if run.state != RunState.DONE or not run.file:
            return None
        path = reverse("reporting:run_download", kwargs={"pk": run.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportRunRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    project = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none(), required=False, allow_null=True)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none(), required=False, allow_null=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        fields["project"].queryset = project_selectors.visible_projects(user) if user else OrgUnit.objects.none()
        fields["org_unit"].queryset = OrgUnit.objects.restrict(user, "view") if user else OrgUnit.objects.none()
        return fields


class RecipientSerializer(serializers.ModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    email = serializers.CharField(read_only=True, allow_blank=True)  # blank for a portal user recipient
    language = serializers.ChoiceField(choices=settings.LANGUAGES, read_only=True, allow_blank=True)  # "": theirs

    class Meta:
        model = ScheduleRecipient
        fields = ["id", "user", "email", "language"]
        read_only_fields = fields


class ReportScheduleSerializer(serializers.ModelSerializer):
    recipients = serializers.SerializerMethodField()
    project = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none(), required=False, allow_null=True)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none(), required=False, allow_null=True)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = ReportSchedule
        fields = [
            "id",
            "name",
            "kind",
            "project",
            "org_unit",
            "weekday",
            "hour",
            "minute",
            "active",
            "recipients",
            "version",
        ]
        extra_kwargs = {"hour": {"min_value": 0, "max_value": 23}, "minute": {"min_value": 0, "max_value": 59}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        fields["project"].queryset = project_selectors.visible_projects(user) if user else OrgUnit.objects.none()
        fields["org_unit"].queryset = OrgUnit.objects.restrict(user, "view") if user else OrgUnit.objects.none()
        return fields

    @extend_schema_field(RecipientSerializer(many=True))
    def get_recipients(self, schedule):
        rows = [r for r in schedule.recipients.all() if r.active]
        return RecipientSerializer(rows, many=True).data


class RecipientWriteSerializer(serializers.Serializer):
    user = serializers.SlugRelatedField(
        slug_field="username",
        queryset=OrgUnit.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": _("There is no active user with the username “{value}”.")},
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False, allow_blank=True)

    def get_fields(self):
        from django.contrib.auth import get_user_model

        fields = super().get_fields()
        fields["user"].queryset = get_user_model().objects.filter(is_active=True)
        return fields


class PortfolioRowSerializer(serializers.Serializer):
    """One row of the dashboard's portfolio table."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    org_unit = serializers.CharField(source="org_unit.code")
    program = serializers.CharField(source="program.code", allow_null=True, default=None)
    pm = serializers.CharField(source="pm.username")
    phase = serializers.CharField()
    state = serializers.CharField()
    confidential = serializers.BooleanField()
    overall_rag = serializers.CharField(allow_null=True)
    suggested_rag = serializers.CharField(allow_null=True)
    schedule_rag = serializers.CharField(source="snapshot_schedule_rag", allow_null=True)
    cost_rag = serializers.CharField(source="snapshot_cost_rag", allow_null=True)
    quality_rag = serializers.CharField(source="snapshot_quality_rag", allow_null=True)
    spi = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    cpi = serializers.DecimalField(max_digits=8, decimal_places=4, allow_null=True)
    bac = serializers.DecimalField(
        source="baseline.bac", max_digits=15, decimal_places=0, allow_null=True, default=None
    )
    eac = serializers.DecimalField(max_digits=15, decimal_places=0, allow_null=True)
    vac = serializers.DecimalField(max_digits=15, decimal_places=0, allow_null=True)
    percent_complete = serializers.DecimalField(max_digits=5, decimal_places=2)
    next_milestone = serializers.CharField(source="next_milestone_name", allow_blank=True)
    next_milestone_date = serializers.DateField(allow_null=True)
    high_risks = serializers.IntegerField()
    last_report_week = serializers.CharField(allow_blank=True)
    rag_overridden = serializers.SerializerMethodField()
    stale = serializers.SerializerMethodField()
    open_escalation = serializers.BooleanField(source="escalated")

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for key in ("overall_rag", "suggested_rag", "schedule_rag", "cost_rag", "quality_rag"):
            data[key] = data[key] or None  # null, not "", like the projects API
        return data

    def get_rag_overridden(self, project) -> bool:
        from reporting.selectors import portfolio

        return portfolio.is_watermelon(project)

    def get_stale(self, project) -> bool:
        from reporting.selectors import portfolio

        return portfolio.is_stale(project)
