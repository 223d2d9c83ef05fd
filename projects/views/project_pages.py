"""Project registry pages: the list, create, edit, re-baseline and archive (Members and History: project_tabs).

Reads come from ``projects.selectors`` (which start from what the user may see), permissions from
``projects.permissions``, writes from ``projects.services``.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, ListView

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.forms import add_rule_error, bootstrap_widgets
from core.mixins import RoleRequiredMixin
from projects import permissions, selectors, services
from projects.filters import ProjectFilterSet
from projects.forms.project_forms import (
    ArchiveForm,
    DecideRebaselineForm,
    ProjectCreateForm,
    ProjectEditForm,
    RebaselineForm,
)
from projects.forms.status_forms import VersionForm as VersionOnlyForm
from projects.models import BaselineProposal, ChangeStatus, Project
from projects.services import baseline_proposals as rebaseline_services
from projects.services.projects import PROJECT_FIELDS
from projects.views.base import ProjectMixin, display_value

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


#: Beyond this many PMs the PM filter is a text input (a username), so the page does not grow with the company.
MAX_PM_OPTIONS = 200


def page_window(paginator, page) -> list:
    """The page links around the current page (first, last, two on each side, … between): a fixed number of links
    however many pages there are (iterating every page in the template grew with the portfolio)."""
    return list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


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
        pm_choices = selectors.project_pm_choices(self.request.user, limit=MAX_PM_OPTIONS + 1)
        ctx.update(
            filter_form=form,
            page_window=page_window(ctx["paginator"], ctx["page_obj"]),
            pm_choices=pm_choices if len(pm_choices) <= MAX_PM_OPTIONS else None,
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
            project = services.create_project(actor=self.request.user, **form.project_data(), **form.baseline_data())
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_invalid(form)
        except IntegrityError:
            # Another user took the code between the service's check and the insert; nothing was written.
            form.add_error("code", gettext("A project with this code already exists."))
            return self.form_invalid(form)
        messages.success(self.request, gettext("Project %(code)s created.") % {"code": project.code})
        return redirect(project.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(creating=True, base_template="base.html")
        return ctx


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
                expected_version=form.cleaned_data["version"],
                **form.project_data(),
            )
        except StaleEdit as exc:
            return self.stale(form, exc)
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_invalid(form)
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
                theirs.append((fresh[name].label, display_value(Project._meta.get_field(name), saved)))
        self.project = current
        context = self.get_context_data(form=fresh, stale=exc, theirs=theirs)
        return self.render_to_response(context, status=409)


# --- Re-baseline ----------------------------------------------------------------------------------------


class ProjectRebaselineView(ProjectMixin, FormView):
    """Every baseline and re-baseline proposal of the project (anyone who may see it); for its PM or deputy PM, the
    form proposes a re-baseline (the PMO decides); for the PMO, it applies at once, and pending proposals show
    Approve / Reject."""

    template_name = "projects/project_rebaseline.html"
    form_class = RebaselineForm
    tab = ""

    def post(self, request, *args, **kwargs):
        if not permissions.can_propose_rebaseline(request.user, self.project):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(project=self.project, user=self.request.user)
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
        user = self.request.user
        at_once = permissions.can_decide_rebaseline(user, self.project)
        try:
            if at_once:
                baseline = rebaseline_services.rebaseline_at_once(
                    actor=user,
                    project=self.project,
                    expected_version=data["version"],
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    bac=data["bac"],
                    reason=data["reason"],
                    change_request=data.get("change_request"),
                    milestone_dates=form.milestone_dates(),
                    targets=form.targets(),
                )
            else:
                rebaseline_services.propose_rebaseline(
                    actor=user,
                    project=self.project,
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    bac=data["bac"],
                    reason=data["reason"],
                    change_request=data.get("change_request"),
                    milestone_dates=form.milestone_dates(),
                    targets=form.targets(),
                )
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.form_invalid(form)
        if at_once:
            messages.success(
                self.request, gettext("Baseline #%(number)s is now current.") % {"number": baseline.number}
            )
        else:
            messages.success(self.request, gettext("Your re-baseline was proposed; the PMO will approve or reject it."))
        return redirect("projects:rebaseline", code=self.project.code)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["baselines"] = list(selectors.project_baselines(self.project))
        proposals = list(
            BaselineProposal.objects.filter(project=self.project)
            .select_related("proposed_by", "decided_by", "change_request", "baseline")
            .order_by("-created_at", "-id")
        )
        ctx["pending_proposals"] = [p for p in proposals if p.is_pending]
        ctx["decided_proposals"] = [p for p in proposals if not p.is_pending]
        ctx["can_propose"] = permissions.can_propose_rebaseline(user, self.project)
        ctx["can_decide"] = permissions.can_decide_rebaseline(user, self.project)
        ctx["decide_form"] = kwargs.get("decide_form") or DecideRebaselineForm()
        ctx["decide_errors_for"] = kwargs.get("decide_errors_for")
        names = {m.pk: m.name for m in ctx["form"].milestones}
        for proposal in proposals:
            proposal.milestone_rows = [
                (names.get(entry["milestone"], "—"), entry["baseline_date"]) for entry in proposal.milestone_dates
            ]
        return ctx


class _ProposalActionView(ProjectRebaselineView):
    """POST-only actions on one proposal of the project; refusals come back on the page, never as a 500."""

    http_method_names = ["post"]

    def proposal(self) -> BaselineProposal:
        return get_object_or_404(BaselineProposal, project=self.project, pk=self.kwargs["pk"])

    def done(self) -> HttpResponse:
        return redirect("projects:rebaseline", code=self.project.code)


class RebaselineDecideView(_ProposalActionView):
    """The PMO approves or rejects a proposal (a rejection needs a comment)."""

    def post(self, request, *args, **kwargs):
        proposal = self.proposal()
        if not permissions.can_decide_rebaseline(request.user, self.project):
            raise PermissionDenied
        form = DecideRebaselineForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("This page was out of date: check the proposal and try again."))
            return self.done()
        approve = form.cleaned_data["decision"] == DecideRebaselineForm.APPROVE
        try:
            rebaseline_services.decide_rebaseline(
                actor=request.user,
                proposal=proposal,
                approve=approve,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except NotAllowed:
            raise PermissionDenied from None
        except StaleEdit as exc:
            messages.error(request, exc.message)
            return self.done()
        except RuleError as exc:
            if exc.fields == ["comment"]:
                add_rule_error(form, exc)
                self.object = None
                context = self.get_context_data(decide_form=form, decide_errors_for=proposal.pk)
                return self.render_to_response(context, status=200)
            messages.error(request, exc.message)
            return self.done()
        if approve:
            messages.success(request, gettext("The re-baseline was approved: the new baseline is current."))
        else:
            messages.success(request, gettext("The re-baseline was rejected with your comment."))
        return self.done()


class RebaselineWithdrawView(_ProposalActionView):
    """The project's managers withdraw a proposal that awaits a decision."""

    def post(self, request, *args, **kwargs):
        proposal = self.proposal()
        if not permissions.can_propose_rebaseline(request.user, self.project):
            raise PermissionDenied
        form = VersionOnlyForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("This page was out of date: check the proposal and try again."))
            return self.done()
        try:
            rebaseline_services.withdraw_rebaseline(
                actor=request.user, proposal=proposal, expected_version=form.cleaned_data["version"]
            )
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            messages.error(request, exc.message)
            return self.done()
        messages.success(request, gettext("The re-baseline proposal was withdrawn."))
        return self.done()


# --- Archive --------------------------------------------------------------------------------------------


class ProjectArchiveView(ProjectMixin, View):
    """The PMO archives a closed or cancelled project (or restores an archived one). POST only."""

    tab = ""

    def post(self, request, *args, **kwargs):
        form = ArchiveForm(request.POST)
        if not form.is_valid():
            messages.error(request, gettext("This page was out of date: check the project and try again."))
            return redirect(self.project.get_absolute_url())
        service = services.unarchive_project if self.project.archived_at else services.archive_project
        try:
            service(
                actor=request.user,
                project=self.project,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            messages.error(request, exc.message)
            return redirect(self.project.get_absolute_url())
        if self.project.archived_at:
            messages.success(request, gettext("Project %(code)s is archived.") % {"code": self.project.code})
        else:
            messages.success(request, gettext("Project %(code)s is back in the lists.") % {"code": self.project.code})
        return redirect(self.project.get_absolute_url())
