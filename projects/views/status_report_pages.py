"""The page of one weekly status report and its workflow actions (submit, review, reopen).

The buttons shown are ``projects.services.status.allowed_actions`` (the workflow table); every POST calls the
service, which checks the table again on the locked row. Refusals come back as messages or at the form's field,
never as a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from core.exceptions import InvalidTransition, NotAllowed, RuleError, StaleEdit
from core.forms import add_rule_error
from projects import selectors
from projects.forms.status_forms import ReopenForm, ReviewForm, VersionForm
from projects.models import StatusReport
from projects.services import status as status_services
from projects.views.status_pages import StatusWeekMixin, rag_rows

#: How the report's history entries read on its page (``action`` of ``AuditEntry``).
WORKFLOW_LABELS = {
    "create": gettext_lazy("Created"),
    "update": gettext_lazy("Saved"),
    "submitted": gettext_lazy("Submitted"),
    "returned": gettext_lazy("Returned"),
    "reviewed": gettext_lazy("Accepted"),
    "draft": gettext_lazy("Reopened for correction"),
}


class StatusDetailView(StatusWeekMixin, View):
    """One report: content, suggested vs chosen RAG, EVM, revisions, workflow and the actions allowed."""

    template_name = "projects/status_report_detail.html"

    def get(self, request: HttpRequest, code: str, week: str) -> HttpResponse:
        return self.render_detail(self.get_report_or_404())

    def render_detail(self, report: StatusReport, *, status: int = 200, **forms_: Any) -> HttpResponse:
        user = self.request.user
        report.project = self.project
        actions = status_services.allowed_actions(user, report)
        revisions = list(report.revisions.select_related("created_by").order_by("-revision"))
        workflow = list(selectors.object_history(report))
        for entry in workflow:
            entry.action_label = WORKFLOW_LABELS.get(entry.action, entry.action)
        # The figures as the report was judged on them (frozen at submission), BAC and baseline included.
        evm = {name: getattr(report, name) for name in ("bac", "pv", "ev", "ac", "spi", "cpi", "spi_t", "eac")}
        ctx = self.base_context(
            report=report,
            evm=evm,
            revisions=revisions,
            workflow=workflow,
            rag_rows=rag_rows(report),
            can_edit="edit" in actions,
            can_submit="submit" in actions,
            can_reopen="reopen" in actions,
            can_do_review="accept" in actions,
            submit_form=VersionForm(initial={"version": report.version}),
            review_form=forms_.get("review_form") or ReviewForm(initial={"version": report.version}),
            reopen_form=forms_.get("reopen_form") or ReopenForm(initial={"version": report.version}),
            history_url=_history_url(self.project.code),
        )
        return render(self.request, self.template_name, ctx, status=status)


def _history_url(code: str) -> str | None:
    try:
        return reverse("projects:history", kwargs={"code": code})
    except NoReverseMatch:
        return None


class _StatusActionView(StatusDetailView):
    """POST-only actions on the report page; refusals come back as messages, never as a 500."""

    http_method_names = ["post"]

    def done(self) -> HttpResponse:
        return redirect("projects:status_detail", code=self.project.code, week=self.week)


class StatusSubmitView(_StatusActionView):
    manage_required = True

    def post(self, request: HttpRequest, code: str, week: str) -> HttpResponse:
        report = self.get_report_or_404()
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("This page was out of date: check the report and try again."))
            return self.done()
        expected = form.cleaned_data.get("version")
        try:
            status_services.submit_status_report(actor=request.user, report=report, expected_version=expected)
        except NotAllowed:
            raise PermissionDenied from None
        except (RuleError, StaleEdit) as exc:
            messages.error(request, exc.message)
            return self.done()
        messages.success(request, _("The status report for %(week)s was submitted.") % {"week": self.week})
        return redirect("projects:detail", code=self.project.code)


class StatusReviewView(_StatusActionView):
    def post(self, request: HttpRequest, code: str, week: str) -> HttpResponse:
        report = self.get_report_or_404()
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render_detail(report, review_form=form)
        accept = form.cleaned_data["decision"] == ReviewForm.ACCEPT
        try:
            status_services.review_status_report(
                actor=request.user,
                report=report,
                accept=accept,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data.get("version"),
            )
        except NotAllowed:
            raise PermissionDenied from None
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return self.done()
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.render_detail(report, review_form=form)
        except StaleEdit as exc:
            messages.error(request, exc.message)
            return self.done()
        if accept:
            messages.success(request, _("The report was accepted."))
        else:
            messages.success(request, _("The report was returned to the PM with your comment."))
        return self.done()


class StatusReopenView(_StatusActionView):
    manage_required = True

    def post(self, request: HttpRequest, code: str, week: str) -> HttpResponse:
        report = self.get_report_or_404()
        form = ReopenForm(request.POST)
        if not form.is_valid():
            return self.render_detail(report, reopen_form=form)
        try:
            status_services.reopen_status_report(
                actor=request.user,
                report=report,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data.get("version"),
            )
        except NotAllowed:
            raise PermissionDenied from None
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return self.done()
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.render_detail(report, reopen_form=form)
        except StaleEdit as exc:
            messages.error(request, exc.message)
            return self.done()
        messages.success(request, _("The report is a draft again: correct it and submit it once more."))
        return redirect("projects:status_edit", code=self.project.code, week=self.week)
