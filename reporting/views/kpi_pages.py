"""The PMO KPI page (``/kpis/``): the KPIs of SPEC.md for the portfolio or one org unit, each as its current value
and its monthly trend (plotly, drawn by static/reporting/charts.js).

Contract: the PMO and executives (``projects.permissions.can_view_kpis``; anyone else 403). Only the projects the
user may see count. ``?org_unit=<id>`` narrows to an org unit and its sub-units; an unknown one is shown at its
field and ignored. A fixed number of queries whatever the portfolio's size (``reporting.kpis``: aggregates), cached
until the portfolio changes (``reporting.cache``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.forms import BootstrapFormMixin
from core.mixins import RoleRequiredMixin
from projects import permissions
from projects.models import OrgUnit
from reporting import cache, kpis
from reporting.charts import SERIES_COLOURS, base_layout, empty_figure, figure


class KpiFilterForm(BootstrapFormMixin, forms.Form):
    org_unit = forms.ModelChoiceField(
        label=_("Org unit"), queryset=OrgUnit.objects.all(), required=False, empty_label=_("Whole portfolio")
    )


def trend_figure(kpi: kpis.Kpi) -> dict:
    points = [(m.strftime("%Y-%m"), v) for m, v in kpi.trend]
    if not kpi.available or all(v is None for _m, v in points):
        return empty_figure(str(kpi.label), height=220)
    layout = base_layout(title=str(kpi.label), x_title="", y_title=str(kpi.unit), height=220, showlegend=False)
    layout["xaxis"]["type"] = "category"
    layout["margin"] = {"l": 48, "r": 12, "t": 36, "b": 36}
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [m for m, _v in points],
        "y": [float(v) if v is not None else None for _m, v in points],
        "connectgaps": False,
        "line": {"color": SERIES_COLOURS["ev"]},
        "name": str(kpi.label),
        "hovertemplate": "%{x}: %{y}<extra></extra>",
    }
    return figure([trace], layout)


class KpiView(RoleRequiredMixin, TemplateView):
    template_name = "reporting/kpis.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_view_kpis(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = KpiFilterForm(self.request.GET or None)
        org_unit = form.cleaned_data.get("org_unit") if form.is_valid() else None
        # Twelve months of history aggregated (about 0.3 s at 1,000 projects × 3 years): cached like the dashboard's
        # summary, under the portfolio version bumped after every change (``reporting.cache``).
        rows = cache.cached_summary(
            user=self.request.user,
            params={"page": "kpis", "org_unit": org_unit.pk if org_unit else ""},
            build=lambda: {"kpis": kpis.pmo_kpis(self.request.user, org_unit=org_unit)},
        )["kpis"]
        ctx.update(
            form=form,
            org_unit=org_unit,
            cards=[(k, f"kpi-{k.key.replace('_', '-')}", trend_figure(k)) for k in rows],
            nav_section="reporting",
        )
        return ctx
