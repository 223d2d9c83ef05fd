"""The one FilterSet of lesson lists, shared by the search page and ``/api/v1/knowledge/lessons/``.

``q`` (the page) and ``search`` (the API) are the same search (``knowledge.search``: substring for any language,
typo-tolerant English on PostgreSQL, ranked). Without ``state`` only published lessons are listed; ``state=draft``
lists the drafts the user may see (their own; the PMO all), ``mine=true`` the user's own lessons.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from knowledge import search
from knowledge.models import Dimension, Lesson, LessonKind, LessonState
from projects.models import Phase, Project, ProjectType

LIST_STATES = [(s.value, s.label) for s in (LessonState.PUBLISHED, LessonState.DRAFT, LessonState.RETIRED)]


class LessonFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    search = django_filters.CharFilter(method="filter_search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=LessonKind.choices, label=_("Kind"))
    phase = django_filters.ChoiceFilter(choices=Phase.choices, label=_("Phase"))
    project_type = django_filters.ChoiceFilter(choices=ProjectType.choices, label=_("Project type"))
    dimension = django_filters.ChoiceFilter(choices=Dimension.choices, label=_("Dimension"))
    tag = django_filters.CharFilter(method="filter_tag", label=_("Tag"))
    source_project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.none(), label=_("Source project"), method="filter_source_project"
    )
    state = django_filters.ChoiceFilter(choices=LIST_STATES, method="filter_state", label=_("State"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("My lessons"))

    class Meta:
        model = Lesson
        fields = ["q", "search", "kind", "phase", "project_type", "dimension", "tag", "source_project", "state"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None:
            # Only visible projects can be named: an invisible one answers like a missing one.
            self.filters["source_project"].queryset = Project.objects.restrict(user, "view").order_by("code")

    @property
    def qs(self):
        qs = super().qs
        self.form.is_valid()
        data = getattr(self.form, "cleaned_data", {})  # the valid fields (the filters that were applied)
        if not data.get("state") and not data.get("mine"):
            qs = qs.filter(state=LessonState.PUBLISHED)
        if not (data.get("q") or data.get("search")):
            qs = search.search(qs, "")
        return qs

    def filter_search(self, queryset, name, value):
        if name == "search" and self.form.cleaned_data.get("q"):
            return queryset  # the page's ``q`` wins when both are given
        if not search.parse_terms(value):
            return queryset
        return search.search(queryset, value)

    def filter_tag(self, queryset, name, value):
        key = " ".join((value or "").split()).lstrip("#").casefold()
        if not key:
            return queryset
        tagged = Lesson.tags.through.objects.filter(lesson_id=OuterRef("pk"), tag__key=key)
        return queryset.filter(Exists(tagged))

    def filter_source_project(self, queryset, name, value):
        if value is None:
            return queryset
        # A lesson published anonymised hides its project: naming the project must not find it either, unless the
        # user may see the project (then the page names it anyway).
        return queryset.filter(source_project=value)

    def filter_state(self, queryset, name, value):
        return queryset.filter(state=value) if value else queryset

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(author=user)
