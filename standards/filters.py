"""FilterSets shared by the standards pages and the API lists (one definition each)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Phase, ProjectType
from standards.models import (
    Blueprint,
    Category,
    Checklist,
    ChecklistPurpose,
    ChecklistRun,
    DocumentKind,
    GateReview,
    GateState,
    RunState,
    StandardDocument,
    StandardStatus,
)


class _Search(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ("code", "title")

    def search(self, queryset, name, value):
        words = (value or "").split()
        for word in words[:8]:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset


class DocumentFilterSet(_Search):
    search_fields = ("code", "title", "current_version__body")
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("Kind"))
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), label=_("Category"))
    status = django_filters.ChoiceFilter(choices=StandardStatus.choices, label=_("Status"))
    language = django_filters.CharFilter(label=_("Language"))

    class Meta:
        model = StandardDocument
        fields = ["q", "kind", "category", "status", "language"]


class ChecklistFilterSet(_Search):
    search_fields = ("code", "title", "current_version__items__text")
    purpose = django_filters.ChoiceFilter(choices=ChecklistPurpose.choices, label=_("Purpose"))
    category = django_filters.ModelChoiceFilter(queryset=Category.objects.all(), label=_("Category"))
    status = django_filters.ChoiceFilter(choices=StandardStatus.choices, label=_("Status"))
    code = django_filters.CharFilter(label=_("Code"))
    language = django_filters.CharFilter(label=_("Language"))

    class Meta:
        model = Checklist
        fields = ["q", "purpose", "category", "status", "code", "language"]

    @property
    def qs(self):
        return super().qs.distinct()


class BlueprintFilterSet(_Search):
    search_fields = ("code", "name", "description")
    project_type = django_filters.ChoiceFilter(choices=ProjectType.choices, label=_("Project type"))
    status = django_filters.ChoiceFilter(choices=StandardStatus.choices, label=_("Status"))
    language = django_filters.CharFilter(label=_("Language"))

    class Meta:
        model = Blueprint
        fields = ["q", "project_type", "status", "language"]


class RunFilterSet(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    checklist = django_filters.CharFilter(field_name="checklist__code", label=_("Checklist code"))
    state = django_filters.ChoiceFilter(choices=RunState.choices, label=_("State"))
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label=_("Phase"))
    required = django_filters.BooleanFilter(label=_("Required"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = ChecklistRun
        fields = ["project", "checklist", "state", "phase", "required", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = Q(due_date__lt=timezone.localdate(), state__in=[RunState.DUE, RunState.IN_PROGRESS])
        return queryset.filter(late) if value else queryset.exclude(late)


class GateReviewFilterSet(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", label=_("Project code"))
    state = django_filters.ChoiceFilter(choices=GateState.choices, label=_("Decision"))
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label=_("Phase"))

    class Meta:
        model = GateReview
        fields = ["project", "state", "phase"]
