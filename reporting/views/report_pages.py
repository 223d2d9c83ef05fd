"""Reports (``/reports/``): request a weekly status or QCD report, watch it build, download it; and the portfolio
export.

Contract: everyone with a role sees the runs they may see (``reporting.permissions.run_q``); requesting follows
``permissions.can_request_*`` inside ``services.runs.request_run`` (refusals at the field). A run row still queued
or running polls itself with htmx (``runs/<id>/row/``) until it is done or failed. A download answers 404 for a run
the user may not see (like a missing one) and streams the private file with its checksum in a header.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import roles
from core.exceptions import NotAllowed, RuleError
from core.forms import add_rule_error
from core.mixins import RoleRequiredMixin
from projects.exports import FORMATS, MAX_ROWS, export_response
from reporting import exports, permissions, storage
from reporting.forms import RunRequestForm
from reporting.models import ReportRun
from reporting.selectors import portfolio
from reporting.selectors import runs as run_selectors
from reporting.services import runs
from reporting.views.portfolio_common import filterset, nulls_last, sort_key


class ReportsView(RoleRequiredMixin, TemplateView):
    template_name = "reporting/reports.html"

    def form(self, data=None) -> RunRequestForm:
        return RunRequestForm(data, user=self.request.user, initial={"language": get_language()[:2]})

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        page = Paginator(run_selectors.runs_for(user), 25).get_page(self.request.GET.get("page"))
        ctx.update(
            form=kwargs.get("form") or self.form(),
            page=page,
            runs=page.object_list,
            can_request=permissions.can_request_any(user),
            can_request_qcd=permissions.can_request_qcd(user),
            can_view_schedules=permissions.can_view_schedules(user),
            can_retry_any=roles.is_pmo(user),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_request_any(request.user):
            raise PermissionDenied  # a role that may request no report at all (a member): 403, as from the API
        form = self.form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = runs.request_run(
                    actor=request.user,
                    kind=data["kind"],
                    project=data["project"],
                    org_unit=data["org_unit"],
                    language=data["language"],
                )
            except RuleError as exc:  # this project's report, say: said at the form, which stays filled
                add_rule_error(form, exc)
            else:
                messages.success(request, _("The report is queued: it appears below when it is ready."))
                return HttpResponseRedirect(f"{reverse('reporting:reports')}#run-{run.pk}")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RunRowView(RoleRequiredMixin, TemplateView):
    """One run's table row (htmx polling target)."""

    template_name = "reporting/includes/run_row.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["run"] = get_object_or_404(run_selectors.runs_for(self.request.user), pk=kwargs["pk"])
        ctx["can_retry_any"] = roles.is_pmo(self.request.user)
        return ctx


class RunDownloadView(RoleRequiredMixin, View):
    def get(self, request, pk):
        run = get_object_or_404(run_selectors.runs_for(request.user), pk=pk)
        if not run.file or not storage.intact(run.file, run.checksum):
            raise Http404
        response = FileResponse(
            storage.storage().open(run.file, "rb"),
            as_attachment=True,
            filename=run.filename(),
            content_type="application/pdf",
        )
        response["X-Content-SHA256"] = run.checksum
        response["Cache-Control"] = "private, no-store"
        return response


class RunRetryView(RoleRequiredMixin, View):
    def post(self, request, pk):
        run = get_object_or_404(ReportRun.objects.restrict(request.user, "view"), pk=pk)
        try:
            runs.retry(actor=request.user, run=run)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The report is queued again."))
        return HttpResponseRedirect(f"{reverse('reporting:reports')}#run-{run.pk}")


class PortfolioExportView(RoleRequiredMixin, View):
    """The dashboard's table as xlsx or csv, with the dashboard's filters and sort (every row, up to the cap)."""

    def get(self, request, fmt):
        if fmt not in FORMATS:
            raise Http404
        fs = filterset(request)
        fs.form.is_valid()
        qs = portfolio.table(fs.qs, order=nulls_last(sort_key(request.GET.get("o"))))[:MAX_ROWS]
        return export_response(fmt, "portfolio", exports.COLUMNS, qs)
