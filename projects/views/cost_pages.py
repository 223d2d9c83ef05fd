"""The "Costs & quality" tab: the month grid of planned and actual cost, and the weekly quality records.

Everyone who sees the project reads; its managers (``permissions.can_manage_project``) save. The grid is saved in
one POST through ``services.costs.set_monthly_costs`` (all rows or none; errors at the cell), a quality record
through ``services.quality``. Every rule is the services'.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.generic import TemplateView

from core.exceptions import RuleError, StaleEdit
from core.forms import add_rule_error
from projects import permissions
from projects.forms.cost_forms import ACTUAL, PLANNED, CostGridForm, QualityRecordForm
from projects.models import CostActual, CostPlan, QualityRecord
from projects.services import costs, quality
from projects.views.base import ProjectMixin

GRID = "grid"
QUALITY = "quality"


def yen(value) -> str:
    """Whole yen with thousands separators and the unit (a dash for nothing)."""
    if value is None:
        return "—"
    return gettext("%(amount)s yen") % {"amount": f"{Decimal(value):,.0f}"}


def baseline_months(project, extra) -> list[dt.date]:
    """Every month of the baseline (planned start … planned end) plus any month that has data, in order."""
    months = set(extra)
    baseline = project.baseline if project.baseline_id else None
    if baseline is not None:
        month = baseline.planned_start.replace(day=1)
        last = baseline.planned_end.replace(day=1)
        while month <= last:
            months.add(month)
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return sorted(months)


class CostsTabView(ProjectMixin, TemplateView):
    template_name = "projects/costs.html"
    tab = "costs"

    def load(self):
        self.plans = {row.month: row for row in CostPlan.objects.filter(project=self.project)}
        self.actuals = {row.month: row for row in CostActual.objects.filter(project=self.project)}
        self.months = baseline_months(self.project, [*self.plans, *self.actuals])

    def grid_form(self, data=None) -> CostGridForm:
        this_month = timezone.localdate().replace(day=1)
        return CostGridForm(
            data,
            months=self.months,
            plans=self.plans,
            actuals=self.actuals,
            editable_actual=lambda month: month <= this_month,
        )

    def grid_rows(self, form: CostGridForm) -> list[dict]:
        rows, pv, ac = [], Decimal(0), Decimal(0)
        last_actual = max(self.actuals, default=None)
        for month in self.months:
            plan, actual = self.plans.get(month), self.actuals.get(month)
            pv += plan.planned_cost if plan else 0
            ac += actual.actual_cost if actual else 0
            rows.append(
                {
                    "month": month,
                    "key": costs.month_key(month),
                    "plan": plan,
                    "actual": actual,
                    "plan_cell": form.cell(PLANNED, month),
                    "actual_cell": form.cell(ACTUAL, month),
                    "plan_version": form[f"{PLANNED}_version-{costs.month_key(month)}"],
                    "actual_version": form[f"{ACTUAL}_version-{costs.month_key(month)}"],
                    "cum_pv": yen(pv) if plan or pv else "—",
                    # After the last month with an actual cost, nothing is known yet: a dash, not a flat line.
                    "cum_ac": yen(ac) if last_actual is not None and month <= last_actual else "—",
                }
            )
        return rows

    def quality_form(self) -> QualityRecordForm:
        week = self.request.GET.get("week")
        record = QualityRecord.objects.filter(project=self.project, week=week).first() if week else None
        if record is None:
            return QualityRecordForm()
        initial = {name: getattr(record, name) for name in ("week", *quality.COUNT_FIELDS)}
        return QualityRecordForm(initial={**initial, "record": record.pk, "version": record.version})

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not hasattr(self, "months"):
            self.load()
        grid = kwargs.get("grid") or self.grid_form()
        ctx["grid"] = grid
        ctx["rows"] = self.grid_rows(grid)
        ctx["total_plan"] = yen(sum((p.planned_cost for p in self.plans.values()), Decimal(0)))
        ctx["total_actual"] = yen(sum((a.actual_cost for a in self.actuals.values()), Decimal(0)))
        ctx["bac"] = yen(self.project.baseline.bac) if self.project.baseline_id else "—"
        ctx["quality_records"] = list(QualityRecord.objects.filter(project=self.project).order_by("-week"))
        ctx["quality_form"] = kwargs.get("quality_form") or (self.quality_form() if ctx["can_manage"] else None)
        return ctx

    def post(self, request, *args, **kwargs):
        if not permissions.can_manage_project(request.user, self.project):
            raise PermissionDenied
        self.load()
        if request.POST.get("form") == QUALITY:
            return self.post_quality(request)
        form = self.grid_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(grid=form), status=200)
        try:
            costs.set_monthly_costs(
                actor=request.user, project=self.project, plan=form.rows(PLANNED), actuals=form.rows(ACTUAL)
            )
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(grid=form), status=409)
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.render_to_response(self.get_context_data(grid=form))
        messages.success(request, gettext("The cost plan and actual costs were saved."))
        return HttpResponseRedirect(reverse("projects:costs", kwargs={"code": self.project.code}))

    def post_quality(self, request):
        form = QualityRecordForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(quality_form=form))
        record_pk = form.cleaned_data.get("record")
        try:
            if record_pk:
                record = get_object_or_404(QualityRecord, pk=record_pk, project=self.project)
                record.project = self.project
                quality.update_quality_record(
                    actor=request.user,
                    record=record,
                    expected_version=form.cleaned_data.get("version"),
                    week=form.cleaned_data["week"],
                    **form.counts(),
                )
            else:
                quality.create_quality_record(
                    actor=request.user, project=self.project, week=form.cleaned_data["week"], **form.counts()
                )
        except StaleEdit as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(quality_form=form), status=409)
        except RuleError as exc:
            add_rule_error(form, exc)
            return self.render_to_response(self.get_context_data(quality_form=form))
        messages.success(
            request, gettext("The quality record of %(week)s was saved.") % {"week": form.cleaned_data["week"]}
        )
        return HttpResponseRedirect(reverse("projects:costs", kwargs={"code": self.project.code}) + "#quality")
