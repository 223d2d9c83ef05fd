"""API viewsets of a project's cost plan (PV), actual costs (AC) and weekly quality records.

Reads: everyone who can see the project (``restrict(user, "view")``; ``?project=<id or code>``). Writes and deletes:
the project's managers (``permissions.can_manage_project``), through ``projects.services.costs`` / ``.quality``,
which audit every change.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from projects import filters
from projects.api.serializers.costs import CostActualSerializer, CostPlanSerializer, QualityRecordSerializer
from projects.api.views.base import CONFLICT_RESPONSE
from projects.api.views.items import ProjectItemViewSet
from projects.models import CostActual, CostPlan, QualityRecord
from projects.services import costs, quality


class CostPlanViewSet(ProjectItemViewSet):
    """The planned cost of each month of a project (PV over time)."""

    queryset = CostPlan.objects.all()
    serializer_class = CostPlanSerializer
    filterset_class = filters.CostPlanFilterSet
    ordering_fields = ["month", "planned_cost", "project"]
    ordering = ["project", "month"]
    search_fields: list[str] = []

    def perform_destroy(self, instance) -> None:
        costs.delete_cost_row(actor=self.request.user, obj=instance)


class CostActualViewSet(CostPlanViewSet):
    """The actual cost of each month of a project (AC)."""

    queryset = CostActual.objects.all()
    serializer_class = CostActualSerializer
    filterset_class = filters.CostActualFilterSet
    ordering_fields = ["month", "actual_cost", "project"]


class QualityRecordViewSet(ProjectItemViewSet):
    """Weekly quality measures of a project (defects, tests, review findings)."""

    queryset = QualityRecord.objects.all()
    serializer_class = QualityRecordSerializer
    filterset_class = filters.QualityRecordFilterSet
    ordering_fields = ["week", "project"]
    ordering = ["project", "week"]
    search_fields: list[str] = []

    def perform_destroy(self, instance) -> None:
        quality.delete_quality_record(actor=self.request.user, record=instance)


for _viewset in (CostPlanViewSet, CostActualViewSet, QualityRecordViewSet):
    extend_schema_view(
        update=extend_schema(responses={200: _viewset.serializer_class, 409: CONFLICT_RESPONSE}),
        partial_update=extend_schema(responses={200: _viewset.serializer_class, 409: CONFLICT_RESPONSE}),
    )(_viewset)
