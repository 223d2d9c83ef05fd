"""Project registry pages: the list, create, edit, re-baseline, and the Members and History tabs.

Reads come from ``projects.selectors`` (which start from what the user may see), permissions from
``projects.permissions``, writes from ``projects.services``.
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from core.mixins import RoleRequiredMixin
from projects import permissions, selectors, services
from core.exceptions import StaleEdit
from projects.filters import ProjectFilterSet
from projects.forms.project_forms import (
    HistoryFilterForm,
    MemberForm,
    ProjectCreateForm,
    ProjectEditForm,
    RebaselineForm,
    bootstrap_widgets,
)
from projects.models import ChangeStatus, Project, ProjectMembership
from core.people import display_name
from projects.services.projects import PROJECT_FIELDS
from projects.views.base import ProjectMixin

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


def _is_htmx_fragment(request: HttpRequest) -> bool:
    """An htmx request that wants a fragment (a history-restore request wants the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


# --- Project list ----------------------------------------------------------------------------------------

#: (ordering key or None when not sortable, column label, extra CSS class)
LIST_COLUMNS: list[tuple[str | None, Any, str]] = [
    ("code", _("Code"), "text-nowrap"),
    ("name", _("Name"), ""),
    (None, _("Org unit"), ""),
    (None, _("PM"), "text-nowrap"),
    ("phase", _("Phase"), ""),
    ("state", _("State"), ""),
    ("overall_rag", _("Overall"), ""),
    (None, _("Q / C / D"), "text-nowrap"),
    ("percent_complete", _("Progress (%)"), "text-end"),
    ("spi", _("SPI"), "text-end"),
    ("cpi", _("CPI"), "text-end"),
    (None, _("EAC / BAC"), "text-end text-nowrap"),
    ("next_milestone_date", _("Next milestone"), ""),
    (None, _("Days of slip"), "text-end"),
    (None, _("Last report"), "text-nowrap"),
]
TRUE_VALUES = {"1", "true", "on", "yes"}


class ProjectListView(RoleRequiredMixin, ListView):
    """The project registry: search, filters and sorting of ``ProjectFilterSet``, 25 a page.

    An htmx request (the filter form, a column header, a page link) gets only the table region
    (the ``project-table`` partial); the same URL without htmx gets the whole page.
    """

    template_name = "projects/project_list.html"
    context_object_name = "projects"
    paginate_by = PAGE_SIZE

    def filter_data(self):
        """The query string for the FilterSet; ``mine=1`` is read as true (its widget only knows ``true``)."""
        data = self.request.GET.copy()
        if "mine" in data:
            data["mine"] = "true" if data.get("mine", "").lower() in TRUE_VALUES else ""
        return data

    def get_queryset(self):
        self.filterset = ProjectFilterSet(
            self.filter_data(), queryset=selectors.project_list(self.request.user), request=self.request
        )
        qs = self.filterset.qs
        # A stable order for pagination: the chosen column, then code.
        return qs.order_by(*qs.query.order_by, "code", "pk")

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_template_names(self) -> list[str]:
        if _is_htmx_fragment(self.request):
            return ["projects/project_list.html#project-table"]
        return [self.template_name]

    def current_ordering(self) -> str:
        form = self.filterset.form
        value = form.cleaned_data.get("ordering") if form.is_valid() else None
        return value[0] if value else ""

    def headers(self) -> list[dict[str, Any]]:
        current = self.current_ordering()
        out = []
        for key, label, css in LIST_COLUMNS:
            header: dict[str, Any] = {"label": label, "css": css, "key": key, "url": None, "dir": ""}
            if key:
                params = self.request.GET.copy()
                params.pop("page", None)
                params["ordering"] = f"-{key}" if current == key else key
                header["url"] = f"?{params.urlencode()}"
                header["dir"] = "ascending" if current == key else "descending" if current == f"-{key}" else ""
            out.append(header)
        return out

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = self.filterset.form
        bootstrap_widgets(form)
        for name in ("org_unit", "program", "phase", "state", "overall_rag"):
            field = form.fields[name]
            if hasattr(field, "empty_label"):
                field.empty_label = gettext("All")
            if getattr(field, "choices", None) is not None and not hasattr(field, "queryset"):
                field.choices = [("", gettext("All"))] + [c for c in field.choices if c[0] != ""]
        ctx.update(
            filter_form=form,
            pm_choices=selectors.project_pm_choices(self.request.user),
            selected_pm=self.request.GET.get("pm", ""),
            mine=self.request.GET.get("mine", "").lower() in TRUE_VALUES,
            query=self.request.GET.get("q", ""),
            headers=self.headers(),
            current_ordering=self.current_ordering(),
            column_count=len(LIST_COLUMNS),
            can_create=permissions.can_create_project(self.request.user),
            filtered=any(
                self.request.GET.get(k)
                for k in ("q", "org_unit", "program", "pm", "phase", "state", "overall_rag", "mine")
            ),
        )
        return ctx

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


# --- Create and edit ------------------------------------------------------------------------------------


class ProjectCreateView(RoleRequiredMixin, FormView):
    """A new project with its first baseline. PMO or PM (a PM becomes the project's PM)."""

    template_name = "projects/project_form.html"
    form_class = ProjectCreateForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_create_project(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=Project())
        return kwargs

    def form_valid(self, form):
        try:
            project = services.create_project(
                actor=self.request.user, data=form.project_data(), baseline=form.baseline_data()
            )
        except IntegrityError:
            # Another user took the code between validation and the insert; nothing was written.
            form.add_error("code", gettext("A project with this code already exists."))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Project %(code)s created.") % {"code": project.code})
        return redirect(project.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(creating=True, base_template="base.html")
        return ctx


def _display(field: models.Field | None, value: Any) -> str:
    """A model value as the page shows it (choice labels, yes/no, a dash for nothing)."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.DecimalField) and not isinstance(value, bool):
        # History stores decimals as strings (older entries may use exponent notation, e.g. "1.2E+7").
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return f"{number:,.0f}" if field.decimal_places == 0 else format(number.normalize(), "f")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class ProjectEditView(ProjectMixin, FormView):
    """Edit a project. Optimistic locking: a stale save comes back with the typed values and who changed it."""

    template_name = "projects/project_form.html"
    form_class = ProjectEditForm
    manage_required = True
    tab = ""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        # A copy: the form writes typed values onto its instance, the page header keeps showing the saved ones.
        kwargs.update(user=self.request.user, instance=copy.copy(self.project))
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(creating=False, base_template="projects/project_base.html")
        return ctx

    def form_valid(self, form):
        try:
            services.update_project(
                actor=self.request.user,
                project=self.project,
                data=form.project_data(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit as exc:
            return self.stale(form, exc)
        except IntegrityError:
            form.add_error("code", gettext("A project with this code already exists."))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Project %(code)s saved.") % {"code": self.project.code})
        return redirect(self.project.get_absolute_url())

    def stale(self, form, exc: StaleEdit) -> HttpResponse:
        """Re-render with what the user typed, the current version (so a second save is deliberate),
        the message naming who changed it, and the saved values that differ from the typed ones."""
        current = get_object_or_404(selectors.project_list(self.request.user), pk=self.project.pk)
        data = self.request.POST.copy()
        data["version"] = str(current.version)
        fresh = self.get_form_class()(data=data, user=self.request.user, instance=copy.copy(current))
        fresh.is_valid()
        fresh.add_error(None, exc.message)
        theirs = []
        for name in PROJECT_FIELDS:
            if name not in fresh.fields or fresh.fields[name].disabled:
                continue
            saved = getattr(current, name)
            typed = fresh.cleaned_data.get(name, form.cleaned_data.get(name))
            if (saved or None) != (typed or None):
                theirs.append((fresh[name].label, _display(Project._meta.get_field(name), saved)))
        self.project = current
        context = self.get_context_data(form=fresh, stale=exc, theirs=theirs)
        return self.render_to_response(context, status=409)


# --- Re-baseline ----------------------------------------------------------------------------------------


class ProjectRebaselineView(ProjectMixin, FormView):
    """Every baseline of the project (anyone who may see it) and, for its managers, a new baseline."""

    template_name = "projects/project_rebaseline.html"
    form_class = RebaselineForm
    tab = ""

    def post(self, request, *args, **kwargs):
        if not permissions.can_manage_project(request.user, self.project):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["project"] = self.project
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        """Coming from an approved change request (?change_request=<id>), start from its impact."""
        initial = super().get_initial()
        raw = self.request.GET.get("change_request", "")
        baseline = self.project.baseline
        if not raw.isdigit() or baseline is None:
            return initial
        change = self.project.change_requests.filter(pk=int(raw), status=ChangeStatus.APPROVED).first()
        if change is None:
            return initial
        initial.update(
            change_request=change.pk,
            reason=change.title,
            planned_end=baseline.planned_end + dt.timedelta(days=change.schedule_impact_days),
            bac=baseline.bac + change.cost_impact,
        )
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        baseline = services.rebaseline(
            actor=self.request.user,
            project=self.project,
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            bac=data["bac"],
            reason=data["reason"],
            change_request=data.get("change_request"),
            targets=form.targets(),
        )
        messages.success(self.request, gettext("Baseline #%(number)s is now current.") % {"number": baseline.number})
        return redirect("projects:rebaseline", code=self.project.code)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["baselines"] = list(selectors.project_baselines(self.project))
        return ctx


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
        membership = services.set_membership(
            actor=request.user,
            project=self.project,
            user=form.cleaned_data["user"],
            project_role=form.cleaned_data["project_role"],
        )
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
        rows.append((label, _display(field, old), _display(field, new)))
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


urlpatterns = [
    path("", ProjectListView.as_view(), name="list"),
    path("new/", ProjectCreateView.as_view(), name="create"),
    path("<str:code>/edit/", ProjectEditView.as_view(), name="edit"),
    path("<str:code>/rebaseline/", ProjectRebaselineView.as_view(), name="rebaseline"),
    path("<str:code>/members/", ProjectMembersView.as_view(), name="members"),
    path("<str:code>/members/<int:pk>/remove/", MemberRemoveView.as_view(), name="member_remove"),
    path("<str:code>/history/", ProjectHistoryView.as_view(), name="history"),
]
