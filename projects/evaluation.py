"""The inputs of EVM and the suggested RAG, read from the database, and their evaluation for a status date.

Reads only (the plan, actuals, milestones and quality records of a project); the arithmetic lives in
``projects.domain``. Services, forms and the demo call ``evaluate`` / ``apply_evaluation``; nothing here writes.
The reads are gathered in ``Inputs`` (``load_inputs``, or ``with_input_annotations`` + ``inputs_from_annotations``
for a service that reads the report row anyway) and ``evaluate_inputs`` computes from them without a query, so a
write evaluates once per set of inputs (the status submission: ``tests/projects/test_submit_statements.py``) and
the bench seeds 156,000 reports with the same code (``projects.bench``).

Every computed figure fits its column: ``fit`` stores a figure that does not fit the column's ``max_digits`` /
``decimal_places`` as ``None`` ("not defined"), the same answer the EVM functions give for a ratio that cannot be
computed. The columns are not widened: a CPI of 46,500 (1,000 yen spent against 46.5 M yen earned) says nothing a
PMO can act on beyond "cost is not a concern", and the suggested RAG is computed from the exact figures before they
are stored, so it is still right. Money columns hold 15 digits (a BAC is at most that); only an EAC computed with a
tiny CPI can exceed them, and it is then "not defined" too.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from core.calendar import working_calendar
from projects import weeks
from projects.domain import evm, rag
from projects.models import Baseline, CostActual, CostPlan, Milestone, Project, QualityRecord, StatusReport


def thresholds() -> rag.RagThresholds:
    return rag.RagThresholds.from_mapping(getattr(settings, "PMO_RAG_THRESHOLDS", None))


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def pv_curve(project: Project) -> list[tuple[dt.date, Decimal]]:
    """Cumulative planned cost at each month end."""
    return cumulative_curve(
        CostPlan.objects.filter(project=project).order_by("month").values_list("month", "planned_cost")
    )


def cumulative_curve(rows: Iterable[tuple[dt.date, Decimal]]) -> list[tuple[dt.date, Decimal]]:
    """``(month, planned cost)`` rows in month order as the cumulative PV curve (month ends)."""
    total = Decimal(0)
    curve = []
    for month, planned in rows:
        total += planned
        curve.append((month_end(month), total))
    return curve


def actual_cost_to(project: Project, status_date: dt.date) -> Decimal | None:
    value = CostActual.objects.filter(project=project, month__lte=status_date).aggregate(s=Sum("actual_cost"))["s"]
    return value


def gate_slip_working_days(gates: Iterable[Milestone], status_date: dt.date) -> int:
    """The worst slip of ``gates`` (phase-gate milestones) in working days of the Japanese calendar (weekends, 祝日,
    company closed days)."""
    cal = working_calendar()
    worst = 0
    for ms in gates:
        current = ms.actual_date or max(ms.forecast_date or ms.baseline_date, ms.baseline_date)
        if ms.actual_date is None and ms.baseline_date < status_date and not ms.forecast_date:
            current = status_date  # an overdue gate with no forecast has slipped at least to today
        worst = max(worst, cal.working_days_between(ms.baseline_date, current))
    return worst


def max_gate_slip_working_days(project: Project, status_date: dt.date) -> int:
    """The worst phase-gate slip of ``project`` in working days (``gate_slip_working_days``)."""
    return gate_slip_working_days(Milestone.objects.filter(project=project, is_phase_gate=True), status_date)


@dataclass(frozen=True)
class Inputs:
    """Everything ``evaluate_inputs`` reads about a project for one week, loaded once.

    ``actual_cost``: the recorded actual cost up to the week's end (None: none recorded); ``quality``: the latest
    quality record up to the week (None: none); ``milestones``: all of the project's milestones (the gates are taken
    from them; ``services.metrics`` reuses the list for the snapshot)."""

    baseline: Baseline | None
    pv_curve: Sequence[tuple[dt.date, Decimal]]
    actual_cost: Decimal | None
    milestones: Sequence[Milestone]
    quality: QualityRecord | None


def project_milestones(project: Project) -> list[Milestone]:
    """All of the project's milestones (without the join the default ordering by project code would add)."""
    return list(Milestone.objects.filter(project=project).order_by("baseline_date", "id"))


def load_inputs(project: Project, *, week: str) -> Inputs:
    """The inputs of ``week``'s evaluation, in four queries (plan, actuals, milestones, quality)."""
    return Inputs(
        baseline=project.baseline,
        pv_curve=pv_curve(project),
        actual_cost=actual_cost_to(project, weeks.week_end(week)),
        milestones=project_milestones(project),
        quality=QualityRecord.objects.filter(project=project, week__lte=week).order_by("-week").first(),
    )


def with_input_annotations(reports: QuerySet[StatusReport]) -> QuerySet[StatusReport]:
    """``reports`` annotated with the per-week inputs (actual cost to the week's end, the latest quality record up
    to the week), so that a service that reads the report anyway gets them in the same query
    (``inputs_from_annotations``)."""
    # weeks.week_end: the Friday of the week.
    week_end = ExpressionWrapper(F("week_start") + dt.timedelta(days=4), output_field=models.DateField())
    actuals = (
        CostActual.objects.filter(project=OuterRef("project"), month__lte=OuterRef("_eval_week_end"))
        .order_by()
        .values("project")
        .annotate(total=Sum("actual_cost"))
        .values("total")
    )
    quality = QualityRecord.objects.filter(project=OuterRef("project"), week__lte=OuterRef("week")).order_by("-week")
    return reports.annotate(
        _eval_week_end=week_end,
        _eval_ac=Subquery(actuals),
        _eval_q_week=Subquery(quality.values("week")[:1]),
        _eval_q_open=Subquery(quality.values("defects_open")[:1]),
        _eval_q_run=Subquery(quality.values("tests_run")[:1]),
        _eval_q_passed=Subquery(quality.values("tests_passed")[:1]),
    )


def inputs_from_annotations(report: StatusReport, *, project: Project) -> Inputs:
    """The inputs of ``report``'s week from a row read through ``with_input_annotations`` (plus the plan and the
    milestones: two queries)."""
    quality = None
    if report._eval_q_week is not None:
        quality = QualityRecord(
            project=project,
            week=report._eval_q_week,
            defects_open=report._eval_q_open,
            tests_run=report._eval_q_run,
            tests_passed=report._eval_q_passed,
        )
    return Inputs(
        baseline=project.baseline,
        pv_curve=pv_curve(project),
        actual_cost=report._eval_ac,
        milestones=project_milestones(project),
        quality=quality,
    )


def evaluate_inputs(
    inputs: Inputs, *, week: str, percent_complete: Decimal | None, actual_cost_to_date: Decimal | None
) -> tuple[evm.EVMResult, dict[str, str]]:
    """EVM figures and suggested RAG per dimension for a report of ``week`` (no query: see ``Inputs``)."""
    status_date = weeks.week_end(week)
    baseline = inputs.baseline
    ac = actual_cost_to_date if actual_cost_to_date is not None else inputs.actual_cost
    result = evm.compute_evm(
        bac=baseline.bac if baseline else Decimal(0),
        percent_complete=percent_complete,
        pv_curve=inputs.pv_curve,
        ac_to_date=ac,
        status_date=status_date,
        planned_start=baseline.planned_start if baseline else None,
        planned_end=baseline.planned_end if baseline else None,
    )
    limits = thresholds()
    schedule = rag.schedule_rag(
        spi=result.spi,
        spi_t=result.spi_t,
        max_gate_slip_working_days=gate_slip_working_days(
            (m for m in inputs.milestones if m.is_phase_gate), status_date
        ),
        thresholds=limits,
    )
    cost = rag.cost_rag(cpi=result.cpi, eac=result.eac, bac=result.bac, thresholds=limits)
    quality_record = inputs.quality
    quality = None
    if quality_record and baseline:
        quality = rag.quality_rag(
            open_defects=quality_record.defects_open,
            open_defects_target=baseline.open_defects_target,
            test_pass_rate=quality_record.test_pass_rate,
            test_pass_rate_target=baseline.test_pass_rate_target,
            thresholds=limits,
        )
    suggested = {
        "schedule": schedule or "",
        "cost": cost or "",
        "quality": quality or "",
        "overall": rag.overall_rag(schedule=schedule, cost=cost, quality=quality) or "",
    }
    return result, suggested


def evaluate(
    project: Project, *, week: str, percent_complete: Decimal | None, actual_cost_to_date: Decimal | None
) -> tuple[evm.EVMResult, dict[str, str]]:
    """EVM figures and suggested RAG per dimension for a report of ``week`` (reads the inputs: ``load_inputs``)."""
    return evaluate_inputs(
        load_inputs(project, week=week),
        week=week,
        percent_complete=percent_complete,
        actual_cost_to_date=actual_cost_to_date,
    )


def fit(value: Decimal | None, model: type[models.Model], name: str) -> Decimal | None:
    """``value`` as its column ``model.name`` stores it, or ``None`` when it does not fit (see the module doc)."""
    if value is None:
        return None
    field = model._meta.get_field(name)
    places, digits = field.decimal_places, field.max_digits
    try:
        stored = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None
    if not stored.is_finite() or stored.adjusted() >= digits - places:
        return None
    return stored


def fit_figures(model: type[models.Model], **figures: Decimal | None) -> dict[str, Decimal | None]:
    """Each figure fitted to its column of ``model`` (``fit``)."""
    return {name: fit(value, model, name) for name, value in figures.items()}


def apply_evaluation(report: StatusReport, *, evaluation: tuple[evm.EVMResult, dict[str, str]] | None = None) -> None:
    """Fill the report's computed fields (not saved), each fitted to its column, and the baseline judged against.

    ``evaluation``: the result of ``evaluate_inputs`` for this report's week and content when the caller has it
    already (the submission evaluates once for the override rule and the frozen figures); else it is computed.
    Only the services' create and update of an editable (draft or returned) report, and their submission, call
    this: a submitted or reviewed report keeps the figures it was judged on."""
    project = report.project
    result, suggested = evaluation or evaluate(
        project,
        week=report.week,
        percent_complete=report.percent_complete,
        actual_cost_to_date=report.actual_cost_to_date,
    )
    apply_result(report, baseline=project.baseline, result=result, suggested=suggested)


def apply_result(
    report: StatusReport, *, baseline: Baseline | None, result: evm.EVMResult, suggested: dict[str, str]
) -> None:
    """Set the computed fields of ``report`` (not saved) from an evaluation against ``baseline``."""
    report.bac = baseline.bac if baseline else None
    report.baseline_number = baseline.number if baseline else None
    figures = fit_figures(
        StatusReport,
        pv=result.pv,
        ev=result.ev,
        ac=result.ac,
        spi=result.spi,
        cpi=result.cpi,
        spi_t=result.spi_t,
        eac=result.eac,
    )
    for name, value in figures.items():
        setattr(report, name, value)
    report.suggested_schedule_rag = suggested["schedule"]
    report.suggested_cost_rag = suggested["cost"]
    report.suggested_quality_rag = suggested["quality"]
    report.suggested_overall_rag = suggested["overall"]


COMPUTED_FIELDS = [
    "bac",
    "baseline_number",
    "pv",
    "ev",
    "ac",
    "spi",
    "cpi",
    "spi_t",
    "eac",
    "suggested_schedule_rag",
    "suggested_cost_rag",
    "suggested_quality_rag",
    "suggested_overall_rag",
]


def today() -> dt.date:
    return timezone.localdate()
