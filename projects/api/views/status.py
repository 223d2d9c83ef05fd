"""API viewsets of the projects app: weekly status reports."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from projects import filters, services
from projects.api import serializers as s
from projects.api.views.base import CONFLICT_RESPONSE
from projects.api.views.items import ProjectItemViewSet
from projects.models import (
    StatusReport,
)
from projects.services.deletion import delete_status_report


@extend_schema_view(
    partial_update=extend_schema(responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE}),
    update=extend_schema(responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE}),
)
class StatusReportViewSet(ProjectItemViewSet):
    """Weekly status reports. Draft → submit → review (accept, or return with a comment) → resubmit…"""

    queryset = StatusReport.objects.all()
    serializer_class = s.StatusReportSerializer
    filterset_class = filters.StatusReportFilterSet
    ordering_fields = ["week", "project", "state", "overall_rag", "percent_complete", "updated_at"]
    ordering = ["project", "-week"]
    search_fields = ["summary"]
    related = ("project", "submitted_by", "reviewed_by")

    def perform_destroy(self, instance: StatusReport) -> None:
        delete_status_report(actor=self.request.user, report=instance)

    @extend_schema(request=s.VersionSerializer, responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft or returned report (its content is frozen as a revision)."""
        report = self.get_object()
        body = s.VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.submit_status_report(
            actor=request.user, report=report, expected_version=body.validated_data.get("version")
        )
        return Response(self.get_serializer(self.fresh(report)).data)

    @extend_schema(request=s.ReviewSerializer, responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """PMO review of a submitted report: ``accept``, or ``return`` it to the PM with a comment."""
        report = self.get_object()
        body = s.ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.review_status_report(
            actor=request.user,
            report=report,
            accept=body.validated_data["decision"] == "accept",
            comment=body.validated_data["comment"],
            expected_version=body.validated_data.get("version"),
        )
        return Response(self.get_serializer(self.fresh(report)).data)
