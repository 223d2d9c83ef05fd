"""Standard documents: read a version (rendered Markdown, download), compare versions, and the PMO's create, edit,
publish, new version and retire."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core.uploads import serve_upload
from standards import permissions, selectors
from standards.forms.library import ActionForm, DocumentForm
from standards.models import StandardDocument, VersionState
from standards.services import documents as services
from standards.views.base import (
    PmoRequiredMixin,
    StandardsMixin,
    call_with_form,
    call_with_message,
    get_or_404,
    int_or_none,
    invalid_button,
)


class DocumentDetailView(StandardsMixin, TemplateView):
    template_name = "standards/document_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        document = get_or_404(selectors.documents(user), pk=kwargs["pk"])
        versions = list(selectors.document_versions(user, document))
        shown = selectors.shown_version(user, versions, int_or_none(self.request.GET.get("v")))
        if shown is None and self.request.GET.get("v"):
            raise Http404
        diff, compare = [], None
        against = int_or_none(self.request.GET.get("diff"))
        if shown is not None and against is not None:
            compare = next((v for v in versions if v.number == against), None)
            if compare is not None:
                diff = selectors.body_diff(compare.body, shown.body, old_label=f"v{compare.number}",
                                           new_label=f"v{shown.number}")  # fmt: skip
        previous = next((v for v in versions if shown and v.number < shown.number), None)
        ctx.update(document=document, versions=versions, shown=shown, diff=diff, compare=compare, previous=previous,
                   has_draft=any(v.state == VersionState.DRAFT for v in versions))  # fmt: skip
        return ctx


class DocumentDownloadView(StandardsMixin, View):
    """The attached file of one version, after the same visibility check as the page (404 otherwise)."""

    def get(self, request, pk: int, number: int):
        document = get_or_404(selectors.documents(request.user), pk=pk)
        version = get_or_404(selectors.document_versions(request.user, document), number=number)
        if not version.file_name:
            raise Http404
        return serve_upload(version.file_name, download_name=version.file_original_name,
                            content_type=version.file_content_type or "application/octet-stream")  # fmt: skip


class DocumentCreateView(PmoRequiredMixin, FormView):
    template_name = "standards/document_form.html"
    form_class = DocumentForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "creating": True}

    def form_valid(self, form):
        data = form.cleaned_data
        ok, document = call_with_form(form, lambda: services.create_document(
            actor=self.request.user, code=data["code"], title=data["title"], kind=data["kind"],
            category=data["category"], language=data["language"], body=data["body"],
            change_note=data["change_note"], file=data.get("file"),
        ))  # fmt: skip
        if not ok:
            return self.form_invalid(form)
        return redirect(document.get_absolute_url())


class DocumentEditView(PmoRequiredMixin, FormView):
    """The document's fields and, when it has one, its draft version's body, note and file."""

    template_name = "standards/document_form.html"
    form_class = DocumentForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_edit_standards(request.user):
            self.document = get_or_404(selectors.documents(request.user, "change"), pk=kwargs["pk"])
            self.draft = self.document.versions.filter(state=VersionState.DRAFT).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "creating": False, "has_draft": self.draft is not None}

    def get_initial(self):
        d = self.document
        initial = {"title": d.title, "kind": d.kind, "category": d.category_id, "language": d.language,
                   "version": d.version}  # fmt: skip
        if self.draft is not None:
            initial.update(body=self.draft.body, change_note=self.draft.change_note, draft_version=self.draft.version)
        return initial

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "document": self.document, "draft": self.draft}

    def form_valid(self, form):
        data, user = form.cleaned_data, self.request.user

        def save():
            services.update_document(actor=user, document=self.document, expected_version=data.get("version"),
                                     title=data["title"], kind=data["kind"], category=data["category"],
                                     language=data["language"])  # fmt: skip
            if self.draft is not None:
                services.update_draft(actor=user, version=self.draft, expected_version=data.get("draft_version"),
                                      body=data["body"], change_note=data["change_note"],
                                      file=data.get("file") or None, remove_file=data.get("remove_file", False))  # fmt: skip

        ok, _result = call_with_form(form, save, field_map={"expected_version": None})
        if not ok:
            return self.form_invalid(form)
        return redirect(self.document.get_absolute_url())


class DocumentActionView(PmoRequiredMixin, View):
    """Publish the draft, start a new version, or retire (buttons)."""

    def post(self, request, pk: int):
        document: StandardDocument = get_or_404(selectors.documents(request.user, "change"), pk=pk)
        form = ActionForm(request.POST)
        if not form.is_valid():
            return invalid_button(request)
        action, version, note = form.cleaned_data["action"], form.cleaned_data["version"], form.cleaned_data["note"]
        url = document.get_absolute_url()
        if action == "publish":
            return call_with_message(request, lambda: services.publish(actor=request.user, document=document,
                                                                       expected_version=version),
                                     success=_("Published."), redirect_to=url)  # fmt: skip
        if action == "new_version":
            return call_with_message(
                request,
                lambda: services.new_version(actor=request.user, document=document, change_note=note),
                success=_("A new draft version was created."),
                redirect_to=reverse("standards:document_edit", kwargs={"pk": pk}),
            )
        return call_with_message(request, lambda: services.retire(actor=request.user, document=document,
                                                                  expected_version=version, reason=note),
                                 success=_("Retired."), redirect_to=url)  # fmt: skip
