"""The Members and History tabs of a project page.

Reads come from ``projects.selectors``, permissions from ``projects.permissions``, writes from
``projects.services`` (whose ``RuleError`` is shown at the form's field).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import RuleError
from core.forms import add_rule_error
from core.people import display_name
from projects import permissions, selectors, services
from projects.forms.project_forms import HistoryFilterForm, MemberForm
from projects.models import ProjectMembership
from projects.views.base import ProjectMixin, display_value

HISTORY_PAGE_SIZE = 50


def _is_htmx_fragment(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history-restore request wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


# --- Members tab ----------------------------------------------------------------------------------------


class ProjectMembersView(ProjectMixin, TemplateView):
    """Members with their project role. The PM / PMO add, change the role of, and remove members (htmx)."""

    template_name = "projects/project_members.html"
    tab = "members"

    def get_template_names(self) -> list[str]:
        if _is_htmx_fragment(self.request):
            return [f"{self.template_name}#members-region"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["members"] = list(selectors.project_members(self.project))
        if ctx["can_manage"] and "form" not in ctx:
            ctx["form"] = MemberForm()
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_manage_project(request.user, self.project):
            raise PermissionDenied
        form = MemberForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            membership = services.set_membership(
                actor=request.user,
                project=self.project,
                user=form.cleaned_data["user"],
                project_role=form.cleaned_data["project_role"],
            )
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form))
        message = gettext("%(user)s is a member of this project.") % {"user": display_name(membership.user)}
        if _is_htmx_fragment(request):
            return self.render_to_response(self.get_context_data(form=MemberForm(), notice=message))
        messages.success(request, message)
        return HttpResponseRedirect(reverse("projects:members", kwargs={"code": self.project.code}))


class MemberRemoveView(ProjectMixin, View):
    """Remove a member (POST only)."""

    manage_required = True
    tab = "members"

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            ProjectMembership.objects.select_related("user", "project"), pk=kwargs["pk"], project=self.project
        )
        name = display_name(membership.user)
        services.remove_membership(actor=request.user, membership=membership)
        message = gettext("%(user)s was removed from this project.") % {"user": name}
        if _is_htmx_fragment(request):
            view = ProjectMembersView()
            view.setup(request, code=self.project.code)
            view.project = self.project
            return view.render_to_response(view.get_context_data(notice=message))
        messages.success(request, message)
        return HttpResponseRedirect(reverse("projects:members", kwargs={"code": self.project.code}))


# --- History tab ----------------------------------------------------------------------------------------

ACTION_LABELS = {
    "create": _("Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
    "baseline": _("Baseline set"),
    "rebaseline": _("Re-baselined"),
    "submitted": _("Submitted"),
    "returned": _("Returned"),
    "reviewed": _("Accepted"),
    "draft": _("Reopened as draft"),
    "approve": _("Approved"),
    "reject": _("Rejected"),
    "materialise": _("Materialised"),
    "add member": _("Member added"),
    "update member": _("Member changed"),
    "remove member": _("Member removed"),
}


def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model("projects", object_type)
    except LookupError:
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def describe_changes(object_type: str, changes: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field label, old, new) for each recorded change; labels are the model field's verbose_name."""
    model = _model_for(object_type)
    rows = []
    for name, pair in (changes or {}).items():
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
        rows.append((label, display_value(field, old), display_value(field, new)))
    return rows


def object_type_label(object_type: str) -> str:
    model = _model_for(object_type)
    return str(model._meta.verbose_name) if model else object_type


class ProjectHistoryView(ProjectMixin, TemplateView):
    """Every recorded change of the project, newest first, 50 a page, filterable by object type."""

    template_name = "projects/project_history.html"
    tab = "history"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        types = selectors.history_object_types(self.project)
        choices = sorted(((t, object_type_label(t)) for t in types), key=lambda c: c[1])
        form = HistoryFilterForm(self.request.GET or None, type_choices=choices)
        object_type = form.cleaned_data.get("object_type", "") if form.is_bound and form.is_valid() else ""
        paginator = Paginator(selectors.project_history(self.project, object_type=object_type), HISTORY_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        entries = [
            {
                "entry": entry,
                "action": ACTION_LABELS.get(entry.action, entry.action),
                "type_label": object_type_label(entry.object_type),
                "changes": describe_changes(entry.object_type, entry.changes),
            }
            for entry in page.object_list
        ]
        ctx.update(filter_form=form, page_obj=page, entries=entries, object_type=object_type)
        return ctx
