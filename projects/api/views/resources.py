"""API viewsets of people and allocations.

* ``/api/v1/people/``: everyone with a role reads; the PMO creates and changes (``projects.services.resources``);
  nobody deletes (make a person inactive).
* ``/api/v1/allocations/``: rows of projects the user may see (an invisible one is a 404); the project's PM or the
  PMO books and changes; nobody deletes (a booking of 0 % keeps its history). Filters: ``person``, ``project``,
  ``month`` (``YYYY-MM``), ``month_from`` / ``month_to``.
"""

from __future__ import annotations

import django_filters
from django.db.models import OuterRef, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission

from projects import permissions
from projects.api.permissions import HasPortalRole
from projects.api.serializers.resources import AllocationSerializer, PersonSerializer
from projects.api.views.base import PortalViewSetMixin
from projects.api.views.items import ProjectItemViewSet
from projects.models import Allocation, Person
from projects.services.resources import parse_month

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class PeopleWriteAccess(BasePermission):
    message = _("Only the PMO can change people.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or permissions.can_manage_people(request.user)


class PersonFilterSet(django_filters.FilterSet):
    skill = django_filters.CharFilter(field_name="skills__name", lookup_expr="iexact", distinct=True)

    class Meta:
        model = Person
        fields = ["org_unit", "active", "user"]


class PersonViewSet(PortalViewSetMixin, viewsets.ModelViewSet):
    """People whose time is booked on projects (with org unit, skills and monthly capacity in FTE)."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    permission_classes = [HasPortalRole, PeopleWriteAccess]
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "id"]
    ordering = ["name", "id"]
    search_fields = ["name", "email", "user__username"]
    http_method_names = NO_DELETE

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return Person.objects.restrict(self.request.user, "view").select_related("user").prefetch_related("skills")


class MonthFilter(django_filters.CharFilter):
    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        from django.core.exceptions import ValidationError

        from core.exceptions import RuleError

        try:
            month = parse_month(value)
        except RuleError as exc:
            raise ValidationError({self.field_name: exc.message}) from None
        return qs.filter(**{f"month__{self.lookup_expr}": month})


class AllocationFilterSet(django_filters.FilterSet):
    month = MonthFilter(lookup_expr="exact")
    month_from = MonthFilter(field_name="month", lookup_expr="gte")
    month_to = MonthFilter(field_name="month", lookup_expr="lte")

    class Meta:
        model = Allocation
        fields = ["person", "project", "skill"]


class AllocationViewSet(ProjectItemViewSet):
    """A person's booking on a project for one month, in % of a full-time month."""

    queryset = Allocation.objects.all()
    serializer_class = AllocationSerializer
    filterset_class = AllocationFilterSet
    ordering_fields = ["month", "percent", "person", "project"]
    ordering = ["month", "person", "project"]
    search_fields: list[str] = []
    related = ("project", "person", "skill")
    http_method_names = NO_DELETE

    def base_queryset(self) -> QuerySet:
        totals = (
            Allocation.objects.filter(person=OuterRef("person"), month=OuterRef("month"))
            .order_by()
            .values("person", "month")
            .annotate(total=Sum("percent"))
            .values("total")
        )
        return super().base_queryset().annotate(person_month_total=Subquery(totals))
