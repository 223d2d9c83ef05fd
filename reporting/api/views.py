"""The reporting API: ``/api/v1/reports/`` (runs), ``/api/v1/report-schedules/``, ``/api/v1/portfolio/``.

Reads start from ``restrict(user, "view")`` (a hidden run or schedule is a 404); writes go through
``reporting.services`` (``RuleError`` → 400 per field, ``NotAllowed`` → 403, stale ``version`` → 409, by the
project-wide exception handler). ``/api/v1/portfolio/`` is the dashboard's table: the same FilterSet, sort ``o`` and
pagination.
"""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from reporting import permissions
from reporting.api import serializers as s
from reporting.filters import PortfolioFilterSet
from reporting.models import ReportSchedule, ScheduleRecipient
from reporting.selectors import portfolio
from reporting.selectors import runs as run_selectors
from reporting.services import runs, schedules
from reporting.views.portfolio_common import nulls_last, sort_key


class ReportRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = s.ReportRunSerializer
    filterset_fields = ["kind", "state", "project", "org_unit", "schedule"]
    ordering_fields = ["requested_at", "finished_at", "id"]
    search_fields: list[str] = []

    def get_queryset(self):
        return run_selectors.runs_for(self.request.user)

    @extend_schema(request=s.ReportRunRequestSerializer, responses={201: s.ReportRunSerializer})
    def create(self, request):
        parser = s.ReportRunRequestSerializer(data=request.data, context={"request": request})
        parser.is_valid(raise_exception=True)
        data = parser.validated_data
        run = runs.request_run(
            actor=request.user,
            kind=data["kind"],
            project=data.get("project"),
            org_unit=data.get("org_unit"),
            language=data.get("language") or (get_language() or "ja")[:2],
        )
        run = self.get_queryset().get(pk=run.pk)
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.ReportRunSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        run = self.get_object()
        runs.retry(actor=request.user, run=run)
        return Response(self.get_serializer(self.get_queryset().get(pk=run.pk)).data)


class ReportScheduleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Schedules: PMO writes, PMO and executives read. Paused with ``active: false``, never deleted."""

    serializer_class = s.ReportScheduleSerializer
    filterset_fields = ["kind", "active", "project", "org_unit"]
    ordering_fields = ["name", "weekday", "hour"]
    search_fields: list[str] = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return ReportSchedule.objects.none()
        if not permissions.can_view_schedules(self.request.user):
            raise PermissionDenied
        return run_selectors.schedules_for(self.request.user).prefetch_related("recipients__user")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = schedules.create_schedule(
            actor=self.request.user,
            name=data.get("name", ""),
            kind=data.get("kind"),
            project=data.get("project"),
            org_unit=data.get("org_unit"),
            weekday=data.get("weekday"),
            hour=data.get("hour"),
            minute=data.get("minute", 0),
            active=data.get("active", True),
        )

    def perform_update(self, serializer):
        current = serializer.instance
        data = serializer.validated_data
        serializer.instance = schedules.update_schedule(
            actor=self.request.user,
            schedule=current,
            version=data.get("version"),
            name=data.get("name", current.name),
            weekday=data.get("weekday", current.weekday),
            hour=data.get("hour", current.hour),
            minute=data.get("minute", current.minute),
            active=data.get("active", current.active),
            org_unit=data.get("org_unit", current.org_unit),
        )

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        return serializer

    @extend_schema(request=s.RecipientWriteSerializer, responses={201: s.ReportScheduleSerializer})
    @action(detail=True, methods=["post"])
    def recipients(self, request, pk=None):
        schedule = self.get_object()
        parser = s.RecipientWriteSerializer(data=request.data)
        parser.is_valid(raise_exception=True)
        schedules.add_recipient(
            actor=request.user,
            schedule=schedule,
            user=parser.validated_data.get("user"),
            email=parser.validated_data.get("email", ""),
            language=parser.validated_data.get("language", ""),
        )
        fresh = self.get_queryset().get(pk=schedule.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        parameters=[OpenApiParameter("recipient_id", int, OpenApiParameter.PATH)],
        responses={200: s.ReportScheduleSerializer},
    )
    @action(detail=True, methods=["delete"], url_path=r"recipients/(?P<recipient_id>\d+)")
    def remove_recipient(self, request, pk=None, recipient_id=None):
        schedule = self.get_object()
        recipient = ScheduleRecipient.objects.filter(schedule=schedule, pk=recipient_id, active=True).first()
        if recipient is None:
            from django.http import Http404

            raise Http404
        schedules.remove_recipient(actor=request.user, recipient=recipient)
        return Response(self.get_serializer(self.get_queryset().get(pk=schedule.pk)).data)


class PortfolioViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The dashboard's portfolio table: same filters (``org_unit``, ``program``, ``pm`` (id), ``phase``, ``state``,
    ``overall_rag``, ``flag``), sort ``o`` (e.g. ``-spi``) and pagination."""

    serializer_class = s.PortfolioRowSerializer
    filterset_class = PortfolioFilterSet
    search_fields: list[str] = []
    ordering_fields: list[str] = []

    def get_queryset(self):
        return portfolio.base_queryset(self.request.user)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return portfolio.table(queryset, order=nulls_last(sort_key(self.request.query_params.get("o"))))

    @extend_schema(parameters=[OpenApiParameter("o", str, description="sort: code, -spi, eac, …")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


ROUTES = [
    ("reports", ReportRunViewSet, "report-run"),
    ("report-schedules", ReportScheduleViewSet, "report-schedule"),
    ("portfolio", PortfolioViewSet, "portfolio"),
]
