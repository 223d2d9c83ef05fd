"""API viewset of the projects app: re-baseline proposals (``/api/v1/rebaseline-proposals/``).

A PM (or deputy PM) proposes a re-baseline (POST); the PMO approves or rejects it (``…/{id}/decide/``); the
project's managers may withdraw a pending one (``…/{id}/withdraw/``). Proposals are never edited nor deleted: a
changed proposal is a new one. Reads show the proposals of the projects the user may see; ``?project=<id>`` and
``?state=`` filter the list. The services decide everything (``NotAllowed`` → 403, ``RuleError`` → 400,
``StaleEdit`` → 409).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from projects import permissions
from projects.api import serializers as s
from projects.api.permissions import HasPortalRole
from projects.api.views.base import CONFLICT_RESPONSE, PortalViewSetMixin
from projects.models import BaselineProposal, Project
from projects.services import baseline_proposals as proposal_services

_NOT_YOURS = _("You may not change this project.")


class ProposalAccess(BasePermission):
    """Early delegation to ``projects.permissions`` (the services ask again): deciding is the PMO's, proposing and
    withdrawing the project's managers'."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "decide":
            return permissions.can_decide_rebaseline(request.user, obj.project)
        return permissions.can_propose_rebaseline(request.user, obj.project)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("project", OpenApiTypes.INT, description="Only this project's proposals."),
            OpenApiParameter("state", OpenApiTypes.STR, description="proposed, approved, rejected or withdrawn."),
        ]
    )
)
class BaselineProposalViewSet(
    PortalViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Re-baseline proposals of the projects the user may see, newest first."""

    queryset = BaselineProposal.objects.all()
    serializer_class = s.BaselineProposalSerializer
    permission_classes = [HasPortalRole, ProposalAccess]
    filter_backends: list = []

    def base_queryset(self) -> QuerySet:
        return BaselineProposal.objects.select_related("project", "proposed_by", "decided_by").order_by(
            "-created_at", "-id"
        )

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return BaselineProposal.objects.none()
        qs = self.base_queryset().restrict(self.request.user, "view")
        if self.action == "list":
            project = self.request.query_params.get("project", "")
            if project.isdigit():
                qs = qs.filter(project_id=int(project))
            state = self.request.query_params.get("state", "")
            if state:
                qs = qs.filter(state=state)
        return qs

    def create(self, request, *args, **kwargs):
        raw = request.data.get("project") if hasattr(request.data, "get") else None
        try:
            project = Project.objects.restrict(request.user, "view").get(pk=int(raw))
        except (TypeError, ValueError, Project.DoesNotExist):
            project = None
        if project is not None and not permissions.can_propose_rebaseline(request.user, project):
            self.permission_denied(request, message=str(_NOT_YOURS))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    @extend_schema(
        request=s.DecideRebaselineSerializer, responses={200: s.BaselineProposalSerializer, 409: CONFLICT_RESPONSE}
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The PMO approves (the new baseline becomes current, milestones move, figures are recomputed) or rejects
        (``comment`` required)."""
        proposal = self.get_object()
        body = s.DecideRebaselineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        proposal_services.decide_rebaseline(
            actor=request.user,
            proposal=proposal,
            approve=data["approve"],
            comment=data["comment"],
            expected_version=data["version"],
        )
        return Response(self.get_serializer(self.fresh(proposal)).data)

    @extend_schema(
        request=s.WithdrawRebaselineSerializer, responses={200: s.BaselineProposalSerializer, 409: CONFLICT_RESPONSE}
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a proposal that awaits the PMO's decision."""
        proposal = self.get_object()
        body = s.WithdrawRebaselineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal_services.withdraw_rebaseline(
            actor=request.user, proposal=proposal, expected_version=body.validated_data["version"]
        )
        return Response(self.get_serializer(self.fresh(proposal)).data, status=status.HTTP_200_OK)
