"""The library: documents, checklists and blueprints with search and filters; categories (PMO)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.forms import bootstrap_widgets
from core.pagination import PortalPagination
from standards import permissions, selectors
from standards.filters import BlueprintFilterSet, ChecklistFilterSet, DocumentFilterSet
from standards.forms.library import CategoryEditForm, CategoryForm, CategoryMoveForm
from standards.services import documents as document_services
from standards.views.base import (
    PmoRequiredMixin,
    StandardsMixin,
    call_with_form,
    call_with_message,
    get_or_404,
    int_or_none,
)

#: The page size of each library list: ``?page_size=`` like the API's (core.pagination.PortalPagination).
PAGE_SIZE = PortalPagination.page_size
MAX_PAGE_SIZE = PortalPagination.max_page_size
MAX_PAGE = 100_000


@dataclass
class Slice:
    """One page of a list, read with one query (``size + 1`` rows tell whether there is a next page; no COUNT)."""

    rows: list
    number: int
    size: int
    has_next: bool
    param: str

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    query: QueryDict | None = None

    def _link(self, number: int) -> str:
        params = self.query.copy() if self.query is not None else QueryDict(mutable=True)
        params[self.param] = str(number)
        return f"?{params.urlencode()}"

    @property
    def previous_link(self) -> str:
        return self._link(self.number - 1)

    @property
    def next_link(self) -> str:
        return self._link(self.number + 1)

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return self.start + len(self.rows) - 1 if self.rows else 0


def page_size(data) -> int:
    size = int_or_none(data.get("page_size")) or PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def page_of(queryset, data, *, param: str, size: int) -> Slice:
    number = min(max(1, int_or_none(data.get(param)) or 1), MAX_PAGE)  # a huge number must not overflow OFFSET
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return Slice(rows=rows[:size], number=number, size=size, has_next=len(rows) > size, param=param, query=data)


def empty_page(param: str, size: int) -> Slice:
    return Slice(rows=[], number=1, size=size, has_next=False, param=param)


class LibraryView(StandardsMixin, TemplateView):
    """Documents, checklists and blueprints the user may see, filtered by the shared FilterSets (one query each)."""

    template_name = "standards/library.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, data = self.request.user, self.request.GET
        documents = DocumentFilterSet(data, queryset=selectors.documents(user), request=self.request)
        checklists = ChecklistFilterSet(
            {k: v for k, v in data.items() if k in ("q", "category", "status")},
            queryset=selectors.checklists(user),
            request=self.request,
        )
        blueprints = BlueprintFilterSet(
            {k: v for k, v in data.items() if k in ("q", "status")}, queryset=selectors.blueprints(user)
        )
        bootstrap_widgets(documents.form)
        size = page_size(data)
        pages = {}
        for key, filterset in (("documents", documents), ("checklists", checklists), ("blueprints", blueprints)):
            param = f"{key}_page"
            pages[key] = (
                page_of(filterset.qs, data, param=param, size=size) if filterset.is_valid() else empty_page(param, size)
            )
        ctx.update(
            filter=documents,
            documents=pages["documents"].rows,
            checklists=pages["checklists"].rows,
            blueprints=pages["blueprints"].rows,
            pages=pages,
            categories=list(selectors.categories(user)),
            searching=bool(data.get("q") or data.get("category") or data.get("kind") or data.get("status")),
        )
        return ctx


class CategoryView(PmoRequiredMixin, FormView):
    template_name = "standards/categories.html"
    form_class = CategoryForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["categories"] = selectors.categories(self.request.user)
        return ctx

    def form_valid(self, form):
        ok, _result = call_with_form(
            form, lambda: document_services.create_category(actor=self.request.user, **form.cleaned_data)
        )
        if not ok:
            return self.form_invalid(form)
        messages.success(self.request, _("Category added."))
        return redirect("standards:categories")


class CategoryEditView(PmoRequiredMixin, FormView):
    """Rename a category, change its description or order (the PMO)."""

    template_name = "standards/category_form.html"
    form_class = CategoryEditForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_edit_standards(request.user):  # others: 403 first
            self.category = get_or_404(selectors.categories(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        c = self.category
        return {"name": c.name, "description": c.description, "position": c.position, "version": c.version}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "category": self.category}

    def form_valid(self, form):
        data = form.cleaned_data
        ok, _result = call_with_form(form, lambda: document_services.update_category(
            actor=self.request.user, category=self.category, expected_version=data.get("version"), name=data["name"],
            description=data["description"], position=data["position"],
        ))  # fmt: skip
        if not ok:
            return self.form_invalid(form)
        messages.success(self.request, _("Category saved."))
        return redirect("standards:categories")


class CategoryMoveView(PmoRequiredMixin, View):
    """The ↑ / ↓ buttons of the categories page (a plain form post: works without JavaScript)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        category = get_or_404(selectors.categories(request.user), pk=pk)
        form = CategoryMoveForm(request.POST)
        direction = form.cleaned_data["direction"] if form.is_valid() else ""
        return call_with_message(
            request,
            lambda: document_services.move_category(actor=request.user, category=category, direction=direction),
            success=_("Category order saved."),
            redirect_to=reverse("standards:categories"),
        )
