from django.views.generic import TemplateView

from core.mixins import RoleRequiredMixin
from reporting import selectors


class DashboardView(RoleRequiredMixin, TemplateView):
    """The executive portfolio dashboard: counts by overall RAG and the portfolio table."""

    template_name = "reporting/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["counts"] = selectors.rag_counts(self.request.user)
        ctx["projects"] = selectors.portfolio_projects(self.request.user)
        return ctx


class ReportsView(RoleRequiredMixin, TemplateView):
    """Reports home. Report builds and schedules arrive with the reporting issue."""

    template_name = "reporting/reports.html"
