"""The library: documents, checklists and blueprints with search and filters; categories (PMO)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from core.forms import bootstrap_widgets
from standards import selectors
from standards.filters import BlueprintFilterSet, ChecklistFilterSet, DocumentFilterSet
from standards.forms.library import CategoryForm
from standards.services import documents as document_services
from standards.views.base import PmoRequiredMixin, StandardsMixin, call_with_form

LIBRARY_LIMIT = 200


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
        ctx.update(
            filter=documents,
            documents=list(documents.qs[:LIBRARY_LIMIT]) if documents.is_valid() else [],
            checklists=list(checklists.qs[:LIBRARY_LIMIT]) if checklists.is_valid() else [],
            blueprints=list(blueprints.qs[:LIBRARY_LIMIT]) if blueprints.is_valid() else [],
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
        from django.contrib import messages

        messages.success(self.request, _("Category added."))
        return redirect("standards:categories")
