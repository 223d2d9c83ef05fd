"""API viewsets of the projects app. ROUTES lists (prefix, viewset, basename) for the shared router (/api/v1/).

Reads start from ``permissions.visible_projects`` (an invisible object is a 404); writes go through
``projects.services`` via the serializers; permissions come from ``projects.permissions`` via
``projects.api.permissions``. Service exceptions map to HTTP: ``StaleEdit`` → 409 (naming who changed the object),
``InvalidTransition`` → 400, a delete refused because something still uses the object → 400.
"""

from __future__ import annotations

from django.db.models import ProtectedError, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.response import Response

from projects import filters, permissions, selectors, services
from projects.api import serializers as s
from projects.api.permissions import (
    HasPortalRole,
    PMOWritesOnly,
    ProjectAccess,
    ProjectItemAccess,
    may_create_project_for,
)
from projects.exceptions import InvalidTransition, StaleEdit
from projects.models import (
    ActionItem,
    ChangeRequest,
    Issue,
    Meeting,
    Milestone,
    OrgUnit,
    Program,
    Project,
    Risk,
    StatusReport,
)
from projects.services.deletion import delete_project, delete_status_report
from projects.services.org import delete_org_object


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this object after you read it.")
    default_code = "stale"


CONFLICT_RESPONSE = OpenApiResponse(description=str(_("Stale version: someone else saved the object first.")))


class PortalViewSetMixin:
    """Role check and the mapping of service exceptions shared by every viewset."""

    filter_backends = [DjangoFilterBackend, OrderingFilter, SearchFilter]

    def handle_exception(self, exc):
        if isinstance(exc, StaleEdit):
            exc = Conflict(detail={"detail": exc.message, "changed_by": exc.changed_by})
        elif isinstance(exc, InvalidTransition):
            exc = exceptions.ValidationError({"detail": str(exc)})
        elif isinstance(exc, ProtectedError):
            exc = exceptions.ValidationError(
                {"detail": _("This is still in use (for example by a project) and cannot be deleted.")}
            )
        return super().handle_exception(exc)

    def fresh(self, obj):
        """The object re-read with the list's joins, for the response after a write (not filtered on visibility:
        a PM may have just handed the project over)."""
        return self.base_queryset().get(pk=obj.pk)

    def base_queryset(self) -> QuerySet:
        return self.queryset.all()


# --- Organisation -------------------------------------------------------------------------------------------------


class OrgUnitViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    """Org units (company → division → department). Read for every role; written by the PMO."""

    queryset = OrgUnit.objects.all()
    serializer_class = s.OrgUnitSerializer
    permission_classes = [HasPortalRole, PMOWritesOnly]
    filterset_fields = ["parent", "code"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    search_fields = ["code", "name"]

    def perform_destroy(self, instance: OrgUnit) -> None:
        delete_org_object(actor=self.request.user, obj=instance)


class ProgramViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    """Programs (optional groups of related projects). Read for every role; written by the PMO."""

    queryset = Program.objects.all()
    serializer_class = s.ProgramSerializer
    permission_classes = [HasPortalRole, PMOWritesOnly]
    filterset_fields = ["org_unit", "code"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    search_fields = ["code", "name"]

    def perform_destroy(self, instance: Program) -> None:
        delete_org_object(actor=self.request.user, obj=instance)


# --- Projects -----------------------------------------------------------------------------------------------------

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


# --- Project items ------------------------------------------------------------------------------------------------


class ProjectItemViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    """Base of the viewsets of a project's items: visible rows only, and the permission checks of a project.

    ``?project=<id>`` or ``?project_code=<code>`` filters by project (``filterset_class``).
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
        visible = permissions.visible_projects(self.request.user).values("pk")
        return self.base_queryset().filter(project__in=visible)

    def check_project_permission(self, request) -> None:
        """Before validating a new item: 403 if the user may not write in the (visible) project named in the body.

        An unknown or invisible project is left to the serializer, which answers 400 at ``project``.
        """
        raw = request.data.get("project") if hasattr(request.data, "get") else None
        try:
            project = permissions.visible_projects(request.user).get(pk=int(raw))
        except (TypeError, ValueError, Project.DoesNotExist):
            if not permissions.editable_projects(request.user).exists():
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


class MilestoneViewSet(ProjectItemViewSet):
    queryset = Milestone.objects.all()
    serializer_class = s.MilestoneSerializer
    filterset_class = filters.MilestoneFilterSet
    ordering_fields = ["baseline_date", "forecast_date", "actual_date", "name", "project"]
    ordering = ["project", "baseline_date", "id"]
    search_fields = ["name"]


class IssueViewSet(ProjectItemViewSet):
    """Issues. A member may update the issues they own."""

    queryset = Issue.objects.all()
    serializer_class = s.IssueSerializer
    filterset_class = filters.IssueFilterSet
    ordering_fields = ["raised_on", "due_date", "priority", "status", "title", "project"]
    ordering = ["project", "-raised_on", "-id"]
    search_fields = ["title", "description"]
    assigned_edit = True
    related = ("project", "owner")


class RiskViewSet(ProjectItemViewSet):
    """Risks (score = probability × impact). ``convert-to-issue`` turns one into a linked issue."""

    queryset = Risk.objects.all()
    serializer_class = s.RiskSerializer
    filterset_class = filters.RiskFilterSet
    ordering_fields = ["score", "probability", "impact", "next_review_date", "status", "title", "project"]
    ordering = ["project", "-score", "id"]
    search_fields = ["title", "cause", "effect"]
    related = ("project", "owner", "resulting_issue")

    @extend_schema(request=None, responses={201: s.IssueSerializer})
    @action(detail=True, methods=["post"], url_path="convert-to-issue")
    def convert_to_issue(self, request, pk=None):
        """The risk has materialised: create the linked issue and mark the risk materialised."""
        risk = self.get_object()
        if getattr(risk, "resulting_issue", None) is not None:
            raise exceptions.ValidationError({"detail": _("This risk has already become an issue.")})
        issue = services.convert_risk_to_issue(actor=request.user, risk=risk)
        issue = Issue.objects.select_related("project", "owner").get(pk=issue.pk)
        return Response(
            s.IssueSerializer(issue, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class ChangeRequestViewSet(ProjectItemViewSet):
    """Change requests and logged decisions. ``decide`` approves or rejects a change request."""

    queryset = ChangeRequest.objects.all()
    serializer_class = s.ChangeRequestSerializer
    filterset_class = filters.ChangeRequestFilterSet
    ordering_fields = ["created_at", "decided_on", "status", "cost_impact", "project"]
    ordering = ["project", "-created_at"]
    search_fields = ["title", "reason"]
    related = ("project", "decided_by", "requested_by")

    @extend_schema(request=s.DecideChangeRequestSerializer, responses={200: s.ChangeRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve or reject; re-baselining stays a separate step (``/projects/{id}/rebaseline/``)."""
        change_request = self.get_object()
        body = s.DecideChangeRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.decide_change_request(actor=request.user, change_request=change_request, **body.validated_data)
        return Response(self.get_serializer(self.fresh(change_request)).data)


class MeetingViewSet(ProjectItemViewSet):
    queryset = Meeting.objects.all()
    serializer_class = s.MeetingSerializer
    filterset_class = filters.MeetingFilterSet
    ordering_fields = ["held_on", "kind", "title", "project"]
    ordering = ["project", "-held_on", "-id"]
    search_fields = ["title", "minutes", "decisions"]
    prefetch = ("attendees",)


class ActionItemViewSet(ProjectItemViewSet):
    """Action items. A member may update the action items they own."""

    queryset = ActionItem.objects.all()
    serializer_class = s.ActionItemSerializer
    filterset_class = filters.ActionItemFilterSet
    ordering_fields = ["due_date", "status", "title", "project"]
    ordering = ["project", "status", "due_date", "id"]
    search_fields = ["title"]
    assigned_edit = True
    related = ("project", "owner")


ROUTES: list = [
    ("org-units", OrgUnitViewSet, "org-unit"),
    ("programs", ProgramViewSet, "program"),
    ("projects", ProjectViewSet, "project"),
    ("status-reports", StatusReportViewSet, "status-report"),
    ("milestones", MilestoneViewSet, "milestone"),
    ("issues", IssueViewSet, "issue"),
    ("risks", RiskViewSet, "risk"),
    ("change-requests", ChangeRequestViewSet, "change-request"),
    ("meetings", MeetingViewSet, "meeting"),
    ("action-items", ActionItemViewSet, "action-item"),
]
