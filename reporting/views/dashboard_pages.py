"""The executive portfolio dashboard (``/dashboard/``).

Contract: everyone with a role; shows only the projects the user may see (``projects.selectors.portfolio``).
Every filter lives in the URL (``org_unit``, ``program``, ``pm``, ``phase``, ``state``, ``overall_rag``, ``flag``,
sort ``o``, ``page``) and applies to the counts, totals, roll-ups, every chart and the table alike. A fixed number of
queries whatever the number of projects (``tests/reporting/query_counts.json``): aggregates and one query per chart,
the table one page at a time. A bad filter value is shown at its field and ignored.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.html import json_script
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.forms import bootstrap_widgets
from core.mixins import RoleRequiredMixin
from projects import extensions
from projects.models import Rag
from reporting import cache, permissions
from reporting.charts import portfolio as charts
from reporting.selectors import portfolio
from reporting.views.portfolio_common import PAGE_SIZE, filterset, nulls_last, sort_key

#: The portfolio table's columns: (sort key or None, header, numeric).
COLUMNS = (
    ("code", _("Project"), False),
    ("pm", _("PM"), False),
    ("phase", _("Phase"), False),
    ("overall_rag", _("Overall"), False),
    (None, _("Q / C / D"), False),
    ("spi", "SPI", True),
    ("cpi", "CPI", True),
    ("eac", _("EAC / BAC (yen)"), True),
    ("next_milestone", _("Next milestone"), False),
    ("high_risks", _("High risks"), True),
    ("last_report", _("Last report"), False),
)

#: Filters carried to the project list by the RAG count links (the list knows these names too).
LIST_FILTERS = ("org_unit", "program", "phase", "state")


class DashboardView(RoleRequiredMixin, TemplateView):
    template_name = "reporting/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        request = self.request
        fs = filterset(request)
        bootstrap_widgets(fs.form)
        fs.form.is_valid()
        qs = fs.qs
        key = sort_key(request.GET.get("o"))
        page = Paginator(portfolio.table(qs, order=nulls_last(key)), PAGE_SIZE).get_page(request.GET.get("page"))
        for project in page.object_list:
            project.is_watermelon = portfolio.is_watermelon(project)
            project.is_stale = portfolio.is_stale(project)
            project.suggested_label = Rag(project.suggested_rag).label if project.suggested_rag in Rag.values else ""
        summary = cache.cached_summary(
            user=request.user,
            params={k: request.GET.getlist(k) for k in fs.form.fields},
            build=lambda: self.summary(qs),
        )
        ctx.update(
            filter_form=fs.form,
            filtered=any(request.GET.get(k) for k in fs.form.fields),
            counts=summary["totals"].counts,
            rag_links=self.rag_links(fs),
            page=page,
            projects=page.object_list,
            sort=key,
            sort_links=self.sort_links(key),
            page_query=self.query_without("page"),
            **summary,
            export_query=self.query_without("page", "o"),
            home_panels=[reverse(p.url_name) for p in extensions.home_panels()],
            can_export=permissions.can_export_portfolio(request.user),
        )
        return ctx

    @staticmethod
    def summary(qs) -> dict:
        """Everything but the table: one aggregate, two roll-ups, one query per chart (cached by ``cache``)."""
        figures = {
            "quadrant": charts.quadrant(portfolio.quadrant_points(qs)),
            "budget": charts.budget_vs_eac(portfolio.budget_vs_eac(qs)),
            "slip": charts.milestone_slips(portfolio.milestone_slips(qs)),
            "trend": charts.rag_trend(portfolio.rag_trend(qs)),
            "risks": charts.risk_heat(portfolio.risk_heat(qs)),
            "issues": charts.issue_ageing(portfolio.issue_ageing(qs)),
        }
        return {
            "totals": portfolio.totals(qs),
            "org_rollup": portfolio.rollup(qs, "org_unit"),
            "program_rollup": [r for r in portfolio.rollup(qs, "program") if r["id"]],
            # Serialised once here (the quadrant alone is ~180 KB of JSON at 1,000 projects), not at every render.
            "charts": [
                {"id": key, "title": str(fig["layout"]["title"]["text"]), "script": json_script(fig, key)}
                for key, fig in figures.items()
            ],
        }

    def query_without(self, *names: str) -> str:
        params = self.request.GET.copy()
        for name in names:
            params.pop(name, None)
        return params.urlencode()

    def sort_links(self, current: str) -> list[dict]:
        """The table's header cells: label, link sorting by that column (again: reversed), aria-sort."""
        base = self.query_without("o", "page")
        columns = []
        for name, label, numeric in COLUMNS:
            if name is None:
                columns.append({"label": label, "url": None, "numeric": numeric, "aria": None})
                continue
            active = current.lstrip("-") == name
            descending = current.startswith("-")
            target = f"-{name}" if active and not descending else name
            query = f"{base}&o={target}" if base else f"o={target}"
            columns.append(
                {
                    "label": label,
                    "url": f"?{query}",
                    "active": active,
                    "numeric": numeric,
                    "aria": ("descending" if descending else "ascending") if active else "none",
                }
            )
        return columns

    def rag_links(self, fs) -> dict[str, str]:
        """Each RAG count opens the project list filtered the same way (and by that RAG)."""
        base = {k: self.request.GET[k] for k in LIST_FILTERS if self.request.GET.get(k) and k not in fs.form.errors}
        pm = fs.form.cleaned_data.get("pm") if fs.form.is_valid() else None
        if pm is not None:
            base["pm"] = pm.username
        url = reverse("projects:list")
        return {rag: f"{url}?{urlencode({**base, 'overall_rag': rag})}" for rag in ("green", "amber", "red")}
