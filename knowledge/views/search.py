"""The knowledge base's home: search and filters over the lessons the user may read, 20 a page.

The query (``q``) and the filters are ``LessonFilterSet`` (the API's too). An htmx request (typing, a filter, a page
link) gets only the results region (the ``results`` partial). The query count does not depend on the number of
results: one count, one page of lessons with author and project joined, one query for their tags, plus the
filter choices.
"""

from __future__ import annotations

from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.generic import ListView

from core.forms import bootstrap_widgets
from core.mixins import RoleRequiredMixin
from knowledge import permissions, search, selectors
from knowledge.filters import LessonFilterSet
from knowledge.views.base import is_htmx_fragment

PAGE_SIZE = 20
FILTER_NAMES = ("kind", "phase", "project_type", "dimension", "tag", "source_project", "state")


class LessonSearchView(RoleRequiredMixin, ListView):
    template_name = "knowledge/index.html"
    context_object_name = "lessons"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        data = self.request.GET.copy()
        if data.get("mine") is not None:
            data["mine"] = "true" if data.get("mine", "").lower() in {"1", "true", "on", "yes"} else ""
        self.filterset = LessonFilterSet(data, queryset=selectors.lessons(self.request.user), request=self.request)
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_template_names(self) -> list[str]:
        if is_htmx_fragment(self.request):
            return ["knowledge/index.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = self.filterset.form
        bootstrap_widgets(form)
        for name in ("kind", "phase", "project_type", "dimension", "state", "source_project"):
            field = form.fields[name]
            field.empty_label = gettext("All")
            if hasattr(field, "queryset"):
                field.label_from_instance = lambda p: f"{p.code} {p.name}"
            else:  # the widget holds a copy of the choices made before the label changed: set them again
                field.widget.choices = [("", gettext("All"))] + [c for c in field.choices if c[0] != ""]
        query = self.request.GET.get("q", "")
        terms = search.parse_terms(query)
        for lesson in ctx["lessons"]:
            lesson.title_html = search.highlight(lesson.title, terms)
            lesson.snippet_html = search.snippet(
                "\n".join([lesson.situation, lesson.what_happened, lesson.root_cause, lesson.recommendation]), terms
            )
        ctx.update(
            filter_form=form,
            query=query,
            terms=terms,
            mine=self.request.GET.get("mine", "").lower() in {"1", "true", "on", "yes"},
            tag_suggestions=selectors.tag_choices(self.request.user),
            can_write=permissions.may_write_lessons(self.request.user),
            filtered=bool(terms) or any(self.request.GET.get(k) for k in (*FILTER_NAMES, "mine")),
        )
        return ctx

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response
