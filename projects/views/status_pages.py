"""Weekly status pages: the Status tab of a project, the report form, the report page and its actions.

URL names (namespace ``projects``): ``detail`` (the project page = Status tab), ``status_edit``,
``status_suggest`` (htmx: suggested RAG while typing), ``status_detail``, ``status_submit``, ``status_review``,
``status_reopen``. Weeks are ISO weeks as ``2026-W47``; a malformed week is a 404.

All writes go through ``projects.services.status``; permissions come from ``projects.permissions`` (viewing via
``ProjectMixin``; writing: ``can_manage_project``; review: ``can_review_status``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.exceptions import InvalidTransition, NotAllowed, RuleError, StaleEdit
from core.forms import add_rule_error
from core.people import display_name
from projects import permissions, weeks
from projects.forms.status_forms import (
    RAG_FIELDS,
    StatusReportForm,
    SuggestionInputForm,
    build_suggestion,
)
from projects.models import StatusReport
from projects.services import status as status_services
from projects.services.status import CONTENT_FIELDS
from projects.views.base import ProjectMixin


def current_week() -> str:
    """This ISO week in the portal's time zone (Asia/Tokyo by default)."""
    return weeks.week_of(timezone.localdate())


def checked_week(value: str) -> str:
    """The week from the URL, or 404 when it is not a real ISO week written as ``2026-W47``."""
    try:
        weeks.parse_week(value)
    except ValueError:
        raise Http404(_("No such week.")) from None
    return value


def _report_queryset():
    return StatusReport.objects.select_related("submitted_by", "reviewed_by", "updated_by", "created_by")


#: Weekly reports on one page of the status history (the last quarter); older ones are a page on.
REPORTS_PER_PAGE = 12


class ProjectDetailView(ProjectMixin, TemplateView):
    """The project page; its first tab is the status history (the last 12 weekly reports, newest first, with
    ``?page=2`` and on for older ones)."""

    template_name = "projects/project_detail.html"
    tab = "status"

    def page_number(self) -> int:
        raw = self.request.GET.get("page", "")
        return max(int(raw), 1) if raw.isdigit() else 1

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # The newest REPORTS_PER_PAGE weeks; "older" pages on. One row more than a page tells whether there are
        # older ones, without a count query.
        page = self.page_number()
        start = (page - 1) * REPORTS_PER_PAGE
        queryset = _report_queryset().filter(project=self.project).order_by("-week")
        reports = list(queryset[start : start + REPORTS_PER_PAGE + 1])
        has_older = len(reports) > REPORTS_PER_PAGE
        reports = reports[:REPORTS_PER_PAGE]
        for report in reports:
            report.overrides = [row for row in rag_rows(report) if row["overridden"]]
        week = current_week()
        this_week = next((r for r in reports if r.week == week), None)
        if page > 1:
            this_week = queryset.filter(week=week).first()
        ctx.update(
            reports=reports,
            current_week=week,
            this_week_report=this_week,
            reports_page=page,
            older_page=page + 1 if has_older else None,
            newer_page=page - 1 if page > 1 else None,
        )
        return ctx


class StatusWeekMixin(ProjectMixin):
    """A project page about one week's report: checks the week, loads the report if there is one."""

    tab = "status"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:  # anonymous users go to the login page first
            self.week = checked_week(kwargs["week"])
        return super().dispatch(request, *args, **kwargs)

    def load_report(self) -> StatusReport | None:
        return _report_queryset().filter(project=self.project, week=self.week).first()

    def get_report_or_404(self) -> StatusReport:
        report = self.load_report()
        if report is None:
            raise Http404(_("There is no status report for this week."))
        return report

    def base_context(self, **extra: Any) -> dict[str, Any]:
        """What ``ProjectMixin.get_context_data`` gives, for views that render by hand."""
        return {
            "project": self.project,
            "tab": self.tab,
            "project_tabs": self.tab_links(),
            "can_manage": permissions.can_manage_project(self.request.user, self.project),
            "can_review": permissions.can_review_status(self.request.user, self.project),
            "week": self.week,
            **extra,
        }


class StatusEditView(StatusWeekMixin, View):
    """Create or edit the report of one week (draft or returned only); "Save draft" or "Submit"."""

    manage_required = True
    template_name = "projects/status_form.html"

    def get(self, request: HttpRequest, code: str, week: str) -> HttpResponse:
        report = self.load_report()
        if report is not None and not report.is_editable:
            messages.warning(
                request,
                _("This report is %(state)s and cannot be edited. Reopen it for correction first.")
                % {"state": report.get_state_display()},
            )
            return redirect("projects:status_detail", code=self.project.code, week=self.week)
        if report is None:
            form = self.make_form(initial=status_services.initial_for_week(self.project, self.week))
        else:
            form = self.make_form(instance=report, initial={"version": report.version})
        return self.render_form(form, report)

    def post(self, request: HttpRequest, code: str, week: str) -> HttpResponse:
        report = self.load_report()
        form = self.make_form(data=request.POST, instance=report)
        if not form.is_valid():
            return self.render_form(form, report, status=200)
        expected = form.cleaned_data.get("version")
        submit = request.POST.get("action") == "submit"
        try:
            status_services.save_status_report(
                actor=request.user,
                project=self.project,
                week=self.week,
                content=form.content(),
                expected_version=expected,
                submit=submit,
            )
        except StaleEdit as exc:
            return self.render_stale(exc)
        except NotAllowed:
            raise PermissionDenied from None
        except RuleError as exc:
            if exc.fields == ["week"]:
                form.add_error("week", self.exists_message(self.load_report()))
                return self.render_form(form, self.load_report())
            if isinstance(exc, InvalidTransition):
                form.add_error(None, _("%(reason)s Your text below was not saved.") % {"reason": exc})
                return self.render_form(form, self.load_report())
            add_rule_error(form, exc)
            return self.render_form(form, report)
        if submit:
            messages.success(request, _("The status report for %(week)s was submitted.") % {"week": self.week})
            return redirect("projects:detail", code=self.project.code)
        messages.success(request, _("Draft saved."))
        return redirect("projects:status_detail", code=self.project.code, week=self.week)

    def render_stale(self, exc: StaleEdit) -> HttpResponse:
        """Refused as stale: the user's text comes back with the message, and their version beside it.

        The hidden version becomes the current one, so that saving again (after checking) is a deliberate
        overwrite of the other user's change rather than a silent one.
        """
        current = self.load_report()
        data = self.request.POST.copy()
        if current is not None:
            data["version"] = str(current.version)
        # A separate instance for the form: validating a ModelForm writes the typed values onto its instance.
        form = self.make_form(data=data, instance=self.load_report())
        form.is_valid()
        form.add_error(None, exc.message)
        theirs = []
        if current is not None:
            for name in CONTENT_FIELDS:
                field = StatusReport._meta.get_field(name)
                value = getattr(current, name)
                typed = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
                if value != typed:
                    display = current._get_FIELD_display(field) if field.choices else value
                    theirs.append({"label": field.verbose_name, "value": display})
        return self.render_form(form, current, stale=True, theirs=theirs)

    def make_form(self, **kwargs) -> StatusReportForm:
        if kwargs.get("instance") is None:
            kwargs["instance"] = StatusReport(
                project=self.project, week=self.week, week_start=weeks.parse_week(self.week)
            )
        return StatusReportForm(project=self.project, week=self.week, **kwargs)

    def exists_message(self, report: StatusReport | None) -> str:
        who = ""
        if report is not None and report.created_by:
            who = display_name(report.created_by)
        return _(
            "A status report for %(week)s already exists (created by %(user)s). Your text was not saved: "
            "open the existing report."
        ) % {"week": self.week, "user": who or "?"}

    def render_form(
        self,
        form: StatusReportForm,
        report: StatusReport | None,
        *,
        status: int = 200,
        stale: bool = False,
        theirs: list[dict[str, Any]] | None = None,
    ) -> HttpResponse:
        suggestion = form.current_suggestion()
        by_field = suggestion.by_field
        ctx = self.base_context(
            form=form,
            report=report,
            suggestion=suggestion,
            rag_items=[{"field": form[name], "suggestion": by_field.get(name)} for name in RAG_FIELDS],
            stale=stale,
            theirs=theirs or [],
            is_new=report is None,
            reason_given=bool(str(form["rag_comment"].value() or "").strip()),
            suggest_url=reverse("projects:status_suggest", kwargs={"code": self.project.code, "week": self.week}),
        )
        return render(self.request, self.template_name, ctx, status=status)


class StatusSuggestView(StatusWeekMixin, View):
    """htmx: the EVM figures and suggested RAG for the numbers being typed (a fragment, never a 500)."""

    manage_required = True

    def get(self, request: HttpRequest, code: str, week: str) -> HttpResponse:
        inputs = SuggestionInputForm(request.GET)
        valid = inputs.is_valid()
        chosen = {name: request.GET.get(name, "") for name in RAG_FIELDS}
        suggestion = build_suggestion(
            self.project,
            self.week,
            percent_complete=inputs.cleaned_data.get("percent_complete") if valid else None,
            actual_cost_to_date=inputs.cleaned_data.get("actual_cost_to_date") if valid else None,
            chosen=chosen,
            valid=valid,
        )
        return render(
            request,
            "projects/status/_suggestion.html",
            {
                "suggestion": suggestion,
                "project": self.project,
                "oob": True,
                "inputs_valid": valid,
                "reason_given": bool(request.GET.get("rag_comment", "").strip()),
            },
        )


def rag_rows(report: StatusReport) -> list[dict[str, Any]]:
    """Each RAG dimension of a saved report: the PM's choice beside the suggestion stored with it."""
    rows = []
    for name in RAG_FIELDS:  # overall, then Q / C / D (the portal's one order), then scope
        chosen = getattr(report, name)
        suggested = getattr(report, f"suggested_{name}", "")
        rows.append(
            {
                "field": name,
                "label": StatusReport._meta.get_field(name).verbose_name,
                "chosen": chosen,
                "suggested": suggested,
                "has_suggestion": hasattr(report, f"suggested_{name}"),
                "overridden": bool(suggested) and chosen != suggested,
            }
        )
    return rows
