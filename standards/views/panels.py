"""Compliance (per project, org unit and portfolio, computed in the database) and the fragments shown on other
apps' pages (projects.extensions): a project's due runs and recommended documents, and the gates awaiting the
current user's decision. A fragment with nothing to show answers an empty body."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from projects import selectors as project_selectors
from standards import permissions, selectors
from standards.views.base import StandardsMixin

COMPLIANCE_LIMIT = 500


class ComplianceView(StandardsMixin, TemplateView):
    template_name = "standards/compliance.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_view_compliance(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        rows = list(selectors.compliance_projects(user, today)[:COMPLIANCE_LIMIT])
        for row in rows:
            row.rate = selectors.rate(row.done_count, row.due_count)
        ctx.update(rows=rows, totals=selectors.compliance_totals(user, today),
                   org_units=selectors.compliance_by_org_unit(user, today), today=today)  # fmt: skip
        return ctx


class ProjectPanelView(StandardsMixin, View):
    """The project status page's panel: due and recent checklist runs, gate reviews, recommended documents, and
    for the project's managers the way to plan a checklist on it (shown even when nothing else is)."""

    def get(self, request, code: str):
        project = get_object_or_404(project_selectors.project_list(request.user), code=code)
        runs = list(selectors.project_runs(request.user, project)[:12])
        documents = list(selectors.project_documents(request.user, project))
        gates = list(selectors.gate_reviews(request.user).filter(project=project))
        can_plan = permissions.can_schedule_runs(request.user, project)
        if not (runs or documents or gates or can_plan):
            return HttpResponse("")
        return render(request, "standards/panels/project.html", {
            "project": project, "runs": runs, "documents": documents, "gates": gates,
            "today": timezone.localdate(), "can_plan": can_plan,
        })  # fmt: skip


class HomeGatesView(StandardsMixin, View):
    """Gate reviews awaiting the current user's decision (empty body when none, or when they decide none)."""

    def get(self, request):
        gates = list(selectors.gates_awaiting(request.user)[:20])
        if not gates:
            return HttpResponse("")
        return render(request, "standards/panels/home_gates.html", {"gates": gates})
