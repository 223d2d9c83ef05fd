"""API viewsets of the projects app: projects.

Projects are never deleted (DELETE answers 405): they are closed or cancelled through ``state``, and the PMO may
archive a closed or cancelled one (``POST …/archive/``), which keeps it and its history.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from core.locking import check_version
from projects import filters, permissions, selectors, services
from projects.api import serializers as s
from projects.api.permissions import HasPortalRole, ProjectWriteAccess
from projects.api.views.base import CONFLICT_RESPONSE, PortalViewSetMixin
from projects.models import BaselineProposal, Project
from projects.services import baseline_proposals as proposal_services

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

    Archived projects are listed only with ``?archived=true``. Ordering: ``?ordering=`` one of the
    ProjectFilterSet's sort keys (prefix ``-`` for descending).
    """

    queryset = Project.objects.all()
    serializer_class = s.ProjectSerializer
    permission_classes = [HasPortalRole, ProjectWriteAccess]
    filterset_class = filters.ProjectFilterSet
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = PROJECT_ORDERING
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def base_queryset(self) -> QuerySet:
        return Project.objects.select_related("pm", "deputy_pm", "baseline")

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        if self.action == "list":
            return selectors.project_api_rows(self.request.user)
        return selectors.project_list(self.request.user, include_archived=True).select_related("deputy_pm")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Query-string filters (and the list's "archived projects stay out" default) shape lists only: a project's
        # own URL finds it whatever the query string says.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def perform_create(self, serializer: s.ProjectSerializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    def perform_update(self, serializer: s.ProjectSerializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    @extend_schema(
        request=s.RebaselineSerializer,
        responses={200: s.ProjectSerializer, 201: s.BaselineProposalSerializer, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def rebaseline(self, request, pk=None):
        """Re-baseline the project (dates, BAC, reason, an approved change request, optionally new milestone dates).

        For the PMO it applies at once and answers 200 with the project (as it always did, so that existing
        integrations keep working). For the project's PM or deputy PM it proposes the re-baseline and answers 201
        with the proposal (``/api/v1/rebaseline-proposals/{id}/``): the baseline changes only when the PMO approves
        it (``…/decide/``). ``version`` is the project's version you read (checked again when the PMO decides).
        """
        project = self.get_object()
        body = s.RebaselineSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = data.pop("version")
        milestone_dates = [(e["milestone"], e["baseline_date"]) for e in data.pop("milestone_dates", [])]
        if permissions.can_decide_rebaseline(request.user, project):
            proposal_services.rebaseline_at_once(
                actor=request.user,
                project=project,
                expected_version=version,
                milestone_dates=milestone_dates,
                **data,
            )
            return Response(self.get_serializer(self.fresh(project)).data)
        check_version(project, version)
        proposal = proposal_services.propose_rebaseline(
            actor=request.user, project=project, milestone_dates=milestone_dates, **data
        )
        proposal = BaselineProposal.objects.select_related("project", "proposed_by", "decided_by").get(pk=proposal.pk)
        out = s.BaselineProposalSerializer(proposal, context=self.get_serializer_context())
        return Response(out.data, status=status.HTTP_201_CREATED)

    def _archive_action(self, request, service) -> Response:
        project = self.get_object()
        body = s.ArchiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        service(
            actor=request.user,
            project=project,
            expected_version=body.validated_data["version"],
            reason=body.validated_data["reason"],
        )
        return Response(self.get_serializer(self.fresh(project)).data)

    @extend_schema(request=s.ArchiveSerializer, responses={200: s.ProjectSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """The PMO archives a closed or cancelled project: kept with its history, read-only, off everyday lists."""
        return self._archive_action(request, services.archive_project)

    @extend_schema(request=s.ArchiveSerializer, responses={200: s.ProjectSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"])
    def unarchive(self, request, pk=None):
        """The PMO brings an archived project back to the everyday lists."""
        return self._archive_action(request, services.unarchive_project)
