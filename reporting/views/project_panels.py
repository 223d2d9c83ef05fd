"""The reporting panels on a project's status page (``projects.extensions.register_panel``): RAG history, the EVM
S-curve (PV, EV, AC to date and the forecast to EAC) and the milestone chart.

Contract: htmx fragments at ``/projects/<code>/panels/<chart>/``; the project must be visible to the user (404
otherwise, like a missing one); one query per chart. The figures are drawn by static/reporting/charts.js when the
fragment settles.
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.mixins import RoleRequiredMixin
from projects import selectors as project_selectors
from reporting.charts import project as charts
from reporting.selectors import project as selectors

PANELS = {
    "rag": _("RAG history"),
    "evm": _("EVM S-curve"),
    "milestones": _("Milestones"),
}


class ProjectChartPanel(RoleRequiredMixin, TemplateView):
    template_name = "reporting/project_panel.html"
    chart = "evm"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.chart not in PANELS:
            raise Http404
        project = get_object_or_404(
            project_selectors.visible_projects(self.request.user).select_related("baseline"), code=kwargs["code"]
        )
        if self.chart == "rag":
            fig = charts.rag_history(selectors.report_history(project))
        elif self.chart == "evm":
            baseline = project.baseline
            fig = charts.s_curve(
                selectors.report_history(project),
                selectors.planned_costs(project),
                bac=baseline.bac if baseline else None,
                planned_end=baseline.planned_end if baseline else None,
            )
        else:
            fig = charts.milestones(selectors.milestones(project))
        ctx.update(
            project=project,
            figure=fig,
            figure_json=json.dumps(fig, cls=DjangoJSONEncoder),
            chart_id=f"project-{self.chart}",
            title=PANELS[self.chart],
        )
        return ctx
