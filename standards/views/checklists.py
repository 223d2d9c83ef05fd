"""Checklists: read a version with its items, compare; the PMO creates, edits the draft's items (add, edit, move
with buttons or by drag, remove), publishes, starts a new version and retires."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.exceptions import NotAllowed, RuleError
from standards import permissions, selectors
from standards.forms.library import ActionForm, ChecklistForm, ItemForm
from standards.models import ChecklistItem, VersionState
from standards.services import checklists as services
from standards.services.common import PUBLISHED_IS_FROZEN
from standards.views.base import (
    PmoRequiredMixin,
    StandardsMixin,
    call_with_form,
    call_with_message,
    get_or_404,
    int_or_none,
    invalid_button,
)


class ChecklistDetailView(StandardsMixin, TemplateView):
    template_name = "standards/checklist_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        checklist = get_or_404(selectors.checklists(user), pk=kwargs["pk"])
        versions = list(selectors.checklist_versions(user, checklist))
        shown = selectors.shown_version(user, versions, int_or_none(self.request.GET.get("v")))
        if shown is None and self.request.GET.get("v"):
            raise Http404
        items = list(selectors.version_items(shown)) if shown else []
        editing = shown is not None and shown.state == VersionState.DRAFT and permissions.can_edit_standards(user)
        ctx.update(checklist=checklist, versions=versions, shown=shown, items=items, editing=editing,
                   item_form=kwargs.get("item_form") or ItemForm(),
                   has_draft=any(v.state == VersionState.DRAFT for v in versions))  # fmt: skip
        return ctx


class ChecklistCreateView(PmoRequiredMixin, FormView):
    template_name = "standards/checklist_form.html"
    form_class = ChecklistForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "creating": True}

    def form_valid(self, form):
        d = form.cleaned_data
        ok, checklist = call_with_form(form, lambda: services.create_checklist(
            actor=self.request.user, code=d["code"], title=d["title"], purpose=d["purpose"], category=d["category"],
            language=d["language"], description=d["description"],
        ))  # fmt: skip
        if not ok:
            return self.form_invalid(form)
        return redirect(checklist.get_absolute_url())


class ChecklistEditView(PmoRequiredMixin, FormView):
    template_name = "standards/checklist_form.html"
    form_class = ChecklistForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_edit_standards(request.user):
            self.checklist = get_or_404(selectors.checklists(request.user, "change"), pk=kwargs["pk"])
            self.draft = self.checklist.versions.filter(state=VersionState.DRAFT).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "creating": False, "has_draft": self.draft is not None}

    def get_initial(self):
        c = self.checklist
        initial = {"title": c.title, "purpose": c.purpose, "category": c.category_id, "language": c.language,
                   "version": c.version}  # fmt: skip
        if self.draft is not None:
            initial.update(description=self.draft.description, change_note=self.draft.change_note,
                           draft_version=self.draft.version)  # fmt: skip
        return initial

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "checklist": self.checklist, "draft": self.draft}

    def form_valid(self, form):
        d, user = form.cleaned_data, self.request.user

        def save():
            services.update_checklist(actor=user, checklist=self.checklist, expected_version=d.get("version"),
                                      title=d["title"], purpose=d["purpose"], category=d["category"],
                                      language=d["language"])  # fmt: skip
            if self.draft is not None:
                services.update_draft(actor=user, version=self.draft, expected_version=d.get("draft_version"),
                                      description=d["description"], change_note=d["change_note"])  # fmt: skip

        ok, _result = call_with_form(form, save, field_map={"expected_version": None})
        if not ok:
            return self.form_invalid(form)
        return redirect(self.checklist.get_absolute_url())


class ChecklistActionView(PmoRequiredMixin, View):
    def post(self, request, pk: int):
        checklist = get_or_404(selectors.checklists(request.user, "change"), pk=pk)
        form = ActionForm(request.POST)
        if not form.is_valid():
            return invalid_button(request)
        action, version, note = form.cleaned_data["action"], form.cleaned_data["version"], form.cleaned_data["note"]
        url = checklist.get_absolute_url()
        if action == "publish":
            return call_with_message(request, lambda: services.publish(actor=request.user, checklist=checklist,
                                                                       expected_version=version),
                                     success=_("Published."), redirect_to=url)  # fmt: skip
        if action == "new_version":
            return call_with_message(
                request,
                lambda: services.new_version(actor=request.user, checklist=checklist, change_note=note),
                success=_("A new draft version was created."),
                redirect_to=url,
            )
        return call_with_message(request, lambda: services.retire(actor=request.user, checklist=checklist,
                                                                  expected_version=version, reason=note),
                                 success=_("Retired."), redirect_to=url)  # fmt: skip


class ItemAddView(PmoRequiredMixin, View):
    def post(self, request, pk: int):
        checklist = get_or_404(selectors.checklists(request.user, "change"), pk=pk)
        draft = checklist.versions.filter(state=VersionState.DRAFT).first()
        form = ItemForm(request.POST)
        if form.is_valid():
            if draft is None:
                ok, _r = call_with_form(form, lambda: services.add_item_to_draft(
                    actor=request.user, checklist=checklist, **form.cleaned_data))  # fmt: skip
            else:
                ok, _r = call_with_form(form, lambda: services.add_item(actor=request.user, version=draft,
                                                                        **form.cleaned_data))  # fmt: skip
            if ok:
                return redirect(f"{checklist.get_absolute_url()}#items")
        view = ChecklistDetailView(request=request, kwargs={"pk": pk})
        view.setup(request, pk=pk)
        ctx = view.get_context_data(pk=pk, item_form=form)
        return view.render_to_response(ctx, status=400)


def _draft_item(request, pk: int, item_id: int) -> ChecklistItem:
    checklist = get_or_404(selectors.checklists(request.user, "change"), pk=pk)
    return get_or_404(ChecklistItem.objects.select_related("checklist_version"),
                      pk=item_id, checklist_version__checklist=checklist)  # fmt: skip


class ItemEditView(PmoRequiredMixin, FormView):
    template_name = "standards/item_form.html"
    form_class = ItemForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_edit_standards(request.user):
            self.item = _draft_item(request, kwargs["pk"], kwargs["item_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {n: getattr(self.item, n) for n in ("text", "guidance", "required", "source_url", "source_label")}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "item": self.item,
                "checklist": self.item.checklist_version.checklist}  # fmt: skip

    def form_valid(self, form):
        ok, _r = call_with_form(form, lambda: services.update_item(actor=self.request.user, item=self.item,
                                                                   **form.cleaned_data))  # fmt: skip
        if not ok:
            return self.form_invalid(form)
        return redirect(f"{reverse('standards:checklist', kwargs={'pk': self.kwargs['pk']})}#items")


class ItemMoveView(PmoRequiredMixin, View):
    """Up / down / remove buttons of a draft's item (work without JavaScript)."""

    def post(self, request, pk: int, item_id: int):
        item = _draft_item(request, pk, item_id)
        op = request.POST.get("op")
        url = f"{reverse('standards:checklist', kwargs={'pk': pk})}#items"
        if op == "remove":
            return call_with_message(request, lambda: services.remove_item(actor=request.user, item=item),
                                     success=_("Item removed."), redirect_to=url)  # fmt: skip
        return call_with_message(request, lambda: services.move_item(actor=request.user, item=item, direction=op),
                                 success=_("Item moved."), redirect_to=url)  # fmt: skip


class ItemReorderView(PmoRequiredMixin, View):
    """The drag-and-drop reorder (static/standards/reorder.js): JSON ``{"items": [id, …]}`` in the new order."""

    def post(self, request, pk: int):
        checklist = get_or_404(selectors.checklists(request.user, "change"), pk=pk)
        draft = checklist.versions.filter(state=VersionState.DRAFT).first()
        try:
            ids = [int(x) for x in json.loads(request.body or b"{}").get("items", [])]
        except (ValueError, TypeError, AttributeError):
            return HttpResponseBadRequest()
        if draft is None:
            return JsonResponse({"items": [str(PUBLISHED_IS_FROZEN)]}, status=400)
        try:
            services.reorder_items(actor=request.user, version=draft, item_ids=ids)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            return JsonResponse({k or "non_field_errors": v for k, v in exc.errors.items()}, status=400)
        return JsonResponse({"items": ids})
