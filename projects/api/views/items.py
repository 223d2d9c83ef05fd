"""API viewsets of the projects app: project items.

Reads go through ``Model.objects.restrict(user, "view")`` (an item of a project the user may not see is a 404, like
a missing one). Writes go through the serializers to the kind's service, which decides: a broken rule is a 400 at
its field, a refused permission a 403 (``NotAllowed``), a stale version a 409. The permission classes only ask
``projects.permissions`` early, so that a refused user gets 403 before their input is even parsed.
"""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from projects import filters, permissions, services
from projects.api import serializers as s
from projects.api.permissions import HasPortalRole, ProjectItemAccess
from projects.api.serializers.items import ConvertRiskSerializer
from projects.api.views.base import CONFLICT_RESPONSE, PortalViewSetMixin
from projects.models import ActionItem, ChangeRequest, Issue, Meeting, Milestone, Project, Risk


class ProjectItemViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    """Base of the viewsets of a project's items: visible rows only, and the permission checks of a project.

    ``?project=<id or code>`` or ``?project_code=<code>`` filters by project (``filterset_class``). Subclasses
    adjust ``related`` / ``prefetch`` (joins of the list), ``base_queryset``, and ``perform_destroy``.
    """

    permission_classes = [HasPortalRole, ProjectItemAccess]
    #: issues and action items: a member may update the items they own (``permissions.can_edit_assigned``).
    assigned_edit = False
    related = ("project",)
    prefetch: tuple[str, ...] = ()

    def base_queryset(self) -> QuerySet:
        return self.queryset.model.objects.select_related(*self.related).prefetch_related(*self.prefetch)

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return self.base_queryset().restrict(self.request.user, "view")

    def check_project_permission(self, request) -> None:
        """Before parsing a new item: 403 if the user may not write in the (visible) project named in the body.

        An unknown or invisible project is left to the serializer, which answers 400 at ``project`` (the same
        answer for both), unless the user may write in no project at all.
        """
        raw = request.data.get("project") if hasattr(request.data, "get") else None
        try:
            project = Project.objects.restrict(request.user, "view").get(pk=int(raw))
        except (TypeError, ValueError, Project.DoesNotExist):
            if not Project.objects.restrict(request.user, "change").exists():
                self.permission_denied(request, message=ProjectItemAccess.message)
            return
        if not permissions.can_manage_project(request.user, project):
            self.permission_denied(request, message=ProjectItemAccess.message)

    def create(self, request, *args, **kwargs):
        self.check_project_permission(request)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    def perform_update(self, serializer) -> None:
        serializer.instance = self.fresh(serializer.save())

    def perform_destroy(self, instance) -> None:
        services.delete_item(actor=self.request.user, obj=instance)


class MilestoneViewSet(ProjectItemViewSet):
    queryset = Milestone.objects.all()
    serializer_class = s.MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet
    ordering_fields = ["baseline_date", "forecast_date", "actual_date", "name", "project"]
    ordering = ["project", "baseline_date", "id"]
    search_fields = ["name"]


class IssueViewSet(ProjectItemViewSet):
    """Issues. A member may update the issues they own (but only the project's managers change the owner)."""

    queryset = Issue.objects.all()
    serializer_class = s.IssueSerializer
    filterset_class = filters.IssueFilterSet
    ordering_fields = ["raised_on", "due_date", "priority", "status", "title", "project"]
    ordering = ["project", "-raised_on", "-id"]
    search_fields = ["title", "description"]
    assigned_edit = True
    related = ("project", "owner")


class RiskViewSet(ProjectItemViewSet):
    """Risks (score = probability × impact). ``convert-to-issue`` turns an open one into a linked issue."""

    queryset = Risk.objects.all()
    serializer_class = s.RiskSerializer
    filterset_class = filters.RiskFilterSet
    ordering_fields = ["score", "probability", "impact", "next_review_date", "status", "title", "project"]
    ordering = ["project", "-score", "id"]
    search_fields = ["title", "cause", "effect"]
    related = ("project", "owner", "resulting_issue")

    @extend_schema(request=ConvertRiskSerializer, responses={201: s.IssueSerializer, 409: CONFLICT_RESPONSE})
    @action(detail=True, methods=["post"], url_path="convert-to-issue")
    def convert_to_issue(self, request, pk=None):
        """The risk has materialised: create the linked issue and mark the risk materialised (once)."""
        risk = self.get_object()
        body = ConvertRiskSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        issue = services.convert_risk_to_issue(
            actor=request.user, risk=risk, expected_version=body.validated_data["version"]
        )
        issue = Issue.objects.select_related("project", "owner").get(pk=issue.pk)
        return Response(
            s.IssueSerializer(issue, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class ChangeRequestViewSet(ProjectItemViewSet):
    """Change requests and logged decisions. ``decide`` approves or rejects a change request (once)."""

    queryset = ChangeRequest.objects.all()
    serializer_class = s.ChangeRequestSerializer
    filterset_class = filters.ChangeRequestFilterSet
    ordering_fields = ["created_at", "decided_on", "status", "cost_impact", "project"]
    ordering = ["project", "-created_at"]
    search_fields = ["title", "reason"]
    related = ("project", "decided_by", "requested_by")

    @extend_schema(
        request=s.DecideChangeRequestSerializer, responses={200: s.ChangeRequestSerializer, 409: CONFLICT_RESPONSE}
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve or reject; re-baselining stays a separate step (``/projects/{id}/rebaseline/``)."""
        change_request = self.get_object()
        body = s.DecideChangeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.decide_change_request(
            actor=request.user,
            change_request=change_request,
            approve=data["approve"],
            decided_on=data.get("decided_on"),
            comment=data["comment"],
            expected_version=data["version"],
        )
        return Response(self.get_serializer(self.fresh(change_request)).data)


class MeetingViewSet(ProjectItemViewSet):
    """Meetings with their attendees (usernames); a change of attendees is in the project's history."""

    queryset = Meeting.objects.all()
    serializer_class = s.MeetingSerializer
    filterset_class = filters.MeetingFilterSet
    ordering_fields = ["held_on", "kind", "title", "project"]
    ordering = ["project", "-held_on", "-id"]
    search_fields = ["title", "minutes", "decisions"]
    prefetch = ("attendees",)


class ActionItemViewSet(ProjectItemViewSet):
    """Action items. A member may update the action items they own (but only the managers change the owner)."""

    queryset = ActionItem.objects.all()
    serializer_class = s.ActionItemSerializer
    filterset_class = filters.ActionItemFilterSet
    ordering_fields = ["due_date", "status", "title", "project"]
    ordering = ["project", "status", "due_date", "id"]
    search_fields = ["title"]
    assigned_edit = True
    related = ("project", "owner")


# Every item viewset documents the 409 of a stale ``version`` on PUT / PATCH.
for _viewset in (MilestoneViewSet, IssueViewSet, RiskViewSet, ChangeRequestViewSet, MeetingViewSet, ActionItemViewSet):
    extend_schema_view(
        update=extend_schema(responses={200: _viewset.serializer_class, 409: CONFLICT_RESPONSE}),
        partial_update=extend_schema(responses={200: _viewset.serializer_class, 409: CONFLICT_RESPONSE}),
    )(_viewset)
