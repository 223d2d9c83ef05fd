"""Planning a checklist on an existing project (not created from a blueprint, or one more checklist): the project's
PM / deputy PM or the PMO choose a published checklist and when it runs (at a phase, or weekly). Reached from the
project's standards panel. A project the user may not see answers 404; one they see but do not manage, 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from core import roles
from projects import selectors as project_selectors
from standards import permissions, selectors
from standards.forms.plans import ChecklistPlanForm
from standards.services import runs as run_services
from standards.views.base import StandardsMixin, call_with_form


class ChecklistPlanView(StandardsMixin, FormView):
    template_name = "standards/plan_form.html"
    form_class = ChecklistPlanForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and roles.has_any_role(request.user):  # a user without a role: 403 first
            self.project = get_object_or_404(project_selectors.project_list(request.user), code=kwargs["code"])
            if not permissions.can_schedule_runs(request.user, self.project):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "checklists": selectors.plannable_checklists(self.request.user)}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(project=self.project, plans=list(selectors.project_plans(self.request.user, self.project)),
                   project_url=reverse("projects:detail", kwargs={"code": self.project.code}))  # fmt: skip
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        ok, _plan = call_with_form(form, lambda: run_services.add_checklist_plan(
            actor=self.request.user, project=self.project, checklist=data["checklist"], schedule=data["schedule"],
            phase=data["phase"], required=data["required"],
        ))  # fmt: skip
        if not ok:
            return self.form_invalid(form)
        messages.success(self.request, _("%(checklist)s is planned on this project.") % {
            "checklist": data["checklist"].title})  # fmt: skip
        return redirect(reverse("standards:plan_checklist", kwargs={"code": self.project.code}))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
