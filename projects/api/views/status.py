"""API viewsets of the projects app: weekly status reports.

Draft → submit → review (accept, or return with a comment) → resubmit …, and reopen for a correction. Reports are
never deleted (DELETE answers 405). Every write is a ``projects.services.status`` call, which checks the workflow
table on the locked row and who may act.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from projects import filters, services
from projects.api import serializers as s
from projects.api.permissions import HasPortalRole, StatusReportAccess
from projects.api.views.base import CONFLICT_RESPONSE, PortalViewSetMixin
from projects.models import StatusReport


@extend_schema_view(
    partial_update=extend_schema(responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE}),
    update=extend_schema(responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE}),
)
class StatusReportViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    """Weekly status reports of the projects the user may see (``?project=<id or code>``)."""

    queryset = StatusReport.objects.all()
    serializer_class = s.StatusReportSerializer
    permission_classes = [HasPortalRole, StatusReportAccess]
    filterset_class = filters.StatusReportFilterSet
    ordering_fields = ["week", "project", "state", "overall_rag", "percent_complete", "updated_at"]
    ordering = ["project", "-week"]
    search_fields = ["summary"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self) -> QuerySet:
        return StatusReport.objects.select_related("project", "submitted_by", "reviewed_by")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return StatusReport.objects.none()
        return self.base_queryset().restrict(self.request.user, "view")

    def perform_create(self, serializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    def perform_update(self, serializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    def _answer(self, report: StatusReport) -> Response:
        return Response(self.get_serializer(self.fresh(report)).data)

    @extend_schema(request=s.VersionSerializer, responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft or returned report (its content is frozen as a revision)."""
        report = self.get_object()
        body = s.VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.submit_status_report(
            actor=request.user, report=report, expected_version=body.validated_data["version"]
        )
        return self._answer(report)

    @extend_schema(request=s.ReviewSerializer, responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """PMO review of a submitted report: ``accept``, or ``return`` it to the PM with a comment."""
        report = self.get_object()  # StatusReportAccess: "review" → the "accept"/"return" reviewers
        body = s.ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.review_status_report(
            actor=request.user,
            report=report,
            accept=body.validated_data["decision"] == "accept",
            comment=body.validated_data["comment"],
            expected_version=body.validated_data["version"],
        )
        return self._answer(report)

    @extend_schema(request=s.ReopenSerializer, responses={200: s.StatusReportSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a submitted or reviewed report for a correction (with a reason); it becomes a draft again."""
        report = self.get_object()
        body = s.ReopenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.reopen_status_report(
            actor=request.user,
            report=report,
            reason=body.validated_data["reason"],
            expected_version=body.validated_data["version"],
        )
        return self._answer(report)
