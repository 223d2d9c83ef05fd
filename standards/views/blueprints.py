"""Blueprints: read (milestones, checklists, risks, documents); the PMO builds and publishes them; whoever may
create projects creates one from a published blueprint (one form, one transaction)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from core import roles
from projects.models import OrgUnit
from standards import permissions, selectors
from standards.forms.blueprints import LINE_FORMS, BlueprintForm, InstantiateForm
from standards.forms.library import ActionForm
from standards.models import Checklist, StandardDocument, StandardStatus
from standards.services import blueprints as services
from standards.views.base import (
    PmoRequiredMixin,
    StandardsMixin,
    call_with_form,
    call_with_message,
    get_or_404,
    invalid_button,
)


def _line_forms(user, data=None, kind=None):
    """The four "add a line" forms (the posted one bound to ``data``)."""
    checklists = Checklist.objects.restrict(user, "view").exclude(status=StandardStatus.RETIRED)
    documents = StandardDocument.objects.restrict(user, "view").exclude(status=StandardStatus.RETIRED)
    forms = {}
    for name, form_class in LINE_FORMS.items():
        kwargs = {"prefix": name}
        if name == "checklist":
            kwargs["checklists"] = checklists
        if name == "document":
            kwargs["documents"] = documents
        forms[name] = form_class(data if kind == name else None, **kwargs)
    return forms


class BlueprintDetailView(StandardsMixin, TemplateView):
    template_name = "standards/blueprint_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        blueprint = selectors.blueprint_detail(user, kwargs["pk"])
        if blueprint is None:
            from django.http import Http404

            raise Http404
        editable = permissions.can_edit_standards(user) and blueprint.status != StandardStatus.RETIRED
        ctx.update(
            blueprint=blueprint,
            editable=editable,
            line_forms=kwargs.get("line_forms") or (_line_forms(user) if editable else {}),
            can_instantiate=permissions.can_instantiate(user, blueprint),
        )
        return ctx


class BlueprintCreateView(PmoRequiredMixin, FormView):
    template_name = "standards/blueprint_form.html"
    form_class = BlueprintForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "creating": True}

    def form_valid(self, form):
        d = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        ok, blueprint = call_with_form(form, lambda: services.create_blueprint(actor=self.request.user, **d))
        if not ok:
            return self.form_invalid(form)
        return redirect(blueprint.get_absolute_url())


class BlueprintEditView(PmoRequiredMixin, FormView):
    template_name = "standards/blueprint_form.html"
    form_class = BlueprintForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and permissions.can_edit_standards(request.user):
            self.blueprint = get_or_404(selectors.blueprints(request.user, "change"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "creating": False}

    def get_initial(self):
        b = self.blueprint
        return {"name": b.name, "project_type": b.project_type, "language": b.language,
                "description": b.description, "version": b.version}  # fmt: skip

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "blueprint": self.blueprint}

    def form_valid(self, form):
        d = dict(form.cleaned_data)
        version = d.pop("version")
        ok, _r = call_with_form(form, lambda: services.update_blueprint(
            actor=self.request.user, blueprint=self.blueprint, expected_version=version, **d))  # fmt: skip
        if not ok:
            return self.form_invalid(form)
        return redirect(self.blueprint.get_absolute_url())


class BlueprintActionView(PmoRequiredMixin, View):
    def post(self, request, pk: int):
        blueprint = get_or_404(selectors.blueprints(request.user, "change"), pk=pk)
        form = ActionForm(request.POST)
        if not form.is_valid() or form.cleaned_data["action"] == "new_version":
            return invalid_button(request)
        version, note = form.cleaned_data["version"], form.cleaned_data["note"]
        url = blueprint.get_absolute_url()
        if form.cleaned_data["action"] == "publish":
            return call_with_message(request, lambda: services.publish_blueprint(
                actor=request.user, blueprint=blueprint, expected_version=version),
                success=_("Published."), redirect_to=url)  # fmt: skip
        return call_with_message(request, lambda: services.retire_blueprint(
            actor=request.user, blueprint=blueprint, expected_version=version, reason=note),
            success=_("Retired."), redirect_to=url)  # fmt: skip


SERVICE_ADD = {
    "milestone": services.add_milestone,
    "checklist": services.add_checklist,
    "risk": services.add_risk,
    "document": services.add_document,
}


class BlueprintLineView(PmoRequiredMixin, View):
    """Add a line (``kind``) or, with ``line_id``, remove one."""

    def post(self, request, pk: int, kind: str, line_id: int | None = None):
        if kind not in SERVICE_ADD:
            raise Http404
        blueprint = get_or_404(selectors.blueprints(request.user, "change"), pk=pk)
        url = f"{blueprint.get_absolute_url()}#{kind}s"
        if line_id is not None:
            return call_with_message(request, lambda: services.remove_line(
                actor=request.user, blueprint=blueprint, kind=kind, line_id=line_id),
                success=_("Removed."), redirect_to=url)  # fmt: skip
        forms = _line_forms(request.user, request.POST, kind)
        form = forms[kind]
        if form.is_valid():
            ok, _r = call_with_form(form, lambda: SERVICE_ADD[kind](actor=request.user, blueprint=blueprint,
                                                                    **form.cleaned_data))  # fmt: skip
            if ok:
                return redirect(url)
        view = BlueprintDetailView()
        view.setup(request, pk=pk)
        return view.render_to_response(view.get_context_data(pk=pk, line_forms=forms), status=400)


class InstantiateView(StandardsMixin, FormView):
    """New project from a blueprint (PMO, or a PM for a project they run)."""

    template_name = "standards/instantiate.html"
    form_class = InstantiateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and roles.has_any_role(request.user):
            self.blueprint = get_or_404(selectors.blueprints(request.user), pk=kwargs["pk"])
            if not permissions.can_instantiate(request.user, self.blueprint):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["org_unit"].queryset = OrgUnit.objects.restrict(self.request.user, "view")
        return form

    def get_initial(self):
        user = self.request.user
        return {"pm": user.pk if roles.is_pm(user) else None, "state": "active"}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["blueprint"] = selectors.blueprint_detail(self.request.user, self.blueprint.pk)
        return ctx

    def form_valid(self, form):
        d = form.cleaned_data
        ok, project = call_with_form(form, lambda: services.instantiate_blueprint(actor=self.request.user,
                                                                                  blueprint=self.blueprint, **d))  # fmt: skip
        if not ok:
            return self.form_invalid(form)
        from django.contrib import messages

        messages.success(self.request, _("Project %(code)s was created from the blueprint.") % {"code": project.code})
        return redirect(project.get_absolute_url())
