"""API viewsets of the projects app: organisation."""

from __future__ import annotations

from rest_framework import viewsets

from projects.api import serializers as s
from projects.api.permissions import (
    HasPortalRole,
    PMOWritesOnly,
)
from projects.api.views.base import PortalViewSetMixin
from projects.models import (
    OrgUnit,
    Program,
)
from projects.services.org import delete_org_object


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
