"""API viewsets of the projects app: projects."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from projects import filters, selectors, services
from projects.api import serializers as s
from projects.api.permissions import (
    HasPortalRole,
    ProjectAccess,
    may_create_project_for,
)
from projects.api.views.base import CONFLICT_RESPONSE, PortalViewSetMixin
from projects.models import (
    Project,
)
from projects.services.deletion import delete_project

PROJECT_ORDERING = [
    "code",
    "name",
    "phase",
    "state",
    "overall_rag",
    "spi",
    "cpi",
    "percent_complete",
    "next_milestone_date",
]


@extend_schema_view(
    partial_update=extend_schema(responses={200: s.ProjectSerializer, 409: CONFLICT_RESPONSE}),
    update=extend_schema(responses={200: s.ProjectSerializer, 409: CONFLICT_RESPONSE}),
)
class ProjectViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    """Projects the user may see, with their current baseline and latest EVM figures.

    Ordering: ``?ordering=`` one of the ProjectFilterSet's sort keys (prefix ``-`` for descending).
    """

    queryset = Project.objects.all()
    serializer_class = s.ProjectSerializer
    permission_classes = [HasPortalRole, ProjectAccess]
    filterset_class = filters.ProjectFilterSet
    # ProjectFilterSet's own ``ordering`` (shared with the project list page) accepts the same keys.
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = PROJECT_ORDERING

    def base_queryset(self) -> QuerySet:
        return Project.objects.select_related("pm", "deputy_pm", "baseline")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        return selectors.project_list(self.request.user).select_related("deputy_pm")

    def perform_create(self, serializer: s.ProjectSerializer) -> None:
        data = serializer.validated_data
        if not may_create_project_for(self.request.user, pm=data["pm"], deputy_pm=data.get("deputy_pm")):
            raise exceptions.PermissionDenied(_("A PM can create only projects they run as PM or deputy PM."))
        serializer.instance = self.fresh(serializer.save())

    def perform_update(self, serializer: s.ProjectSerializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    def perform_destroy(self, instance: Project) -> None:
        delete_project(actor=self.request.user, project=instance)

    @extend_schema(request=s.RebaselineSerializer, responses={200: s.ProjectSerializer})
    @action(detail=True, methods=["post"])
    def rebaseline(self, request, pk=None):
        """Add a new baseline (dates, BAC, reason) and make it current; earlier baselines are kept."""
        project = self.get_object()
        body = s.RebaselineSerializer(data=request.data, context={**self.get_serializer_context(), "project": project})
        body.is_valid(raise_exception=True)
        services.rebaseline(actor=request.user, project=project, **body.validated_data)
        return Response(self.get_serializer(self.fresh(project)).data)
