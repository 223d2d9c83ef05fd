"""API viewsets of the projects app: the organisation (org units, programs). Everyone with a role reads; the PMO
writes, through ``projects.services.org`` (audited)."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import viewsets

from projects.api import serializers as s
from projects.api.permissions import HasPortalRole, PMOWritesOnly
from projects.api.views.base import PortalViewSetMixin
from projects.models import OrgUnit, Program
from projects.services.org import delete_org_object


class _OrganisationViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    permission_classes = [HasPortalRole, PMOWritesOnly]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    search_fields = ["code", "name"]

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return self.queryset.none()
        return self.queryset.model.objects.restrict(self.request.user, "view")

    def perform_destroy(self, instance) -> None:
        delete_org_object(actor=self.request.user, obj=instance)


class OrgUnitViewSet(_OrganisationViewSet):
    """Org units (company → division → department)."""

    queryset = OrgUnit.objects.all()
    serializer_class = s.OrgUnitSerializer
    filterset_fields = ["parent", "code"]


class ProgramViewSet(_OrganisationViewSet):
    """Programs (optional groups of related projects)."""

    queryset = Program.objects.all()
    serializer_class = s.ProgramSerializer
    filterset_fields = ["org_unit", "code"]
