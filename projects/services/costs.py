"""A project's monthly cost plan (PV) and monthly actual cost (AC): one row per month, written by its managers.

The month grid of the "Costs & quality" tab saves a set of months in one call (``set_cost_plan`` /
``set_cost_actuals``): every row is checked first, then all are written, or none (errors at
``grid_field(amount_field, month)``, e.g. ``planned_cost-2026-04``). The API writes one row at a time
(``create_cost_row`` / ``update_cost_row`` / ``delete_cost_row``, errors at ``month`` and the amount's field).

Rules: a month is the first day of a month and lies within ``MONTHS_AROUND_BASELINE`` months of the current
baseline; an actual cost is not booked for a month that has not started; amounts are whole yen, not negative, and
fit the column. After a change the project's snapshot is refreshed; submitted reports keep their own figures (they
were stored when they were saved and are never recomputed here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exceptions import Rules
from core.locking import check_version, lock
from core.unset import UNSET, Unset
from projects.models import CostActual, CostPlan, Project
from projects.services.items.common import require_manage
from projects.services.metrics import refresh_project_snapshot

__all__ = [
    "MONTHS_AROUND_BASELINE",
    "MonthAmount",
    "create_cost_row",
    "delete_cost_row",
    "grid_field",
    "month_key",
    "set_cost_actuals",
    "set_cost_plan",
    "set_monthly_costs",
    "update_cost_row",
]

#: How far (in months) before the baseline's start and after its end a cost month may lie.
MONTHS_AROUND_BASELINE = 12
#: The largest amount a money column holds (15 digits, whole yen).
MAX_AMOUNT = Decimal("999999999999999")

MONTH_NOT_FIRST = _("Give the month as its first day (for example 2026-04-01).")
MONTH_OUT_OF_RANGE = _(
    "%(month)s is more than %(months)s months away from the baseline (%(start)s to %(end)s): "
    "check the month, or re-baseline the project first."
)
NO_BASELINE = _("The project has no baseline yet: set its planned dates and budget first.")
MONTH_IN_FUTURE = _("%(month)s has not started yet: actual costs are booked for past and current months only.")
AMOUNT_NEGATIVE = _("An amount cannot be negative.")
AMOUNT_NOT_WHOLE = _("Enter whole yen, without fractions.")
AMOUNT_TOO_LARGE = _("This amount is too large.")
AMOUNT_REQUIRED = _("Enter an amount.")
MONTH_TAKEN = _("%(month)s already has a row: change that row instead.")
MONTH_TWICE = _("%(month)s is given twice.")


@dataclass(frozen=True)
class _Kind:
    model: type
    amount_field: str


PLAN = _Kind(CostPlan, "planned_cost")
ACTUAL = _Kind(CostActual, "actual_cost")
_KINDS = {CostPlan: PLAN, CostActual: ACTUAL}


@dataclass(frozen=True)
class MonthAmount:
    """One row of the month grid: ``amount`` ``None`` removes the month's row; ``version`` is the one read (required
    when the row exists)."""

    month: dt.date
    amount: Decimal | None
    version: int | None = None


def month_key(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def grid_field(amount_field: str, month: dt.date) -> str:
    """The field of one grid cell, as the grid form names it and the grid services' errors name it."""
    return f"{amount_field}-{month_key(month)}"


def _add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_text(month: dt.date) -> str:
    return month_key(month)


def check_month(rules: Rules, project: Project, kind: _Kind, month, field: str) -> None:
    if not isinstance(month, dt.date):
        rules.add(field, MONTH_NOT_FIRST)
        return
    if month.day != 1:
        rules.add(field, MONTH_NOT_FIRST)
        return
    baseline = project.baseline if project.baseline_id else None
    if baseline is None:
        rules.add(field, NO_BASELINE)
        return
    first = _add_months(baseline.planned_start.replace(day=1), -MONTHS_AROUND_BASELINE)
    last = _add_months(baseline.planned_end.replace(day=1), MONTHS_AROUND_BASELINE)
    if not first <= month <= last:
        rules.add(
            field,
            MONTH_OUT_OF_RANGE
            % {
                "month": _month_text(month),
                "months": MONTHS_AROUND_BASELINE,
                "start": formats.date_format(baseline.planned_start, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(baseline.planned_end, "SHORT_DATE_FORMAT"),
            },
        )
    if kind is ACTUAL and month > timezone.localdate().replace(day=1):
        rules.add(field, MONTH_IN_FUTURE % {"month": _month_text(month)})


def check_amount(rules: Rules, amount, field: str) -> None:
    if amount is None:
        rules.add(field, AMOUNT_REQUIRED)
        return
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        rules.add(field, AMOUNT_REQUIRED)
        return
    if not value.is_finite():
        rules.add(field, AMOUNT_REQUIRED)
    elif value < 0:
        rules.add(field, AMOUNT_NEGATIVE)
    elif value != value.to_integral_value():
        rules.add(field, AMOUNT_NOT_WHOLE)
    elif value > MAX_AMOUNT:
        rules.add(field, AMOUNT_TOO_LARGE)


def _lock_project(project: Project) -> Project:
    """Lock the project row: concurrent writers of one project's grid queue up (no half-mixed grids)."""
    locked = lock(project)
    project.baseline = locked.baseline
    return project


def _record(actor, project, action: str, obj, changes=None) -> None:
    audit.record(project=project, actor=actor, action=action, obj=obj, changes=changes or {})


# --- The month grid ----------------------------------------------------------------------------------------------


def _check_rows(rules: Rules, project: Project, kind: _Kind, rows: list[MonthAmount]) -> None:
    seen: set[dt.date] = set()
    for row in rows:
        field = grid_field(kind.amount_field, row.month) if isinstance(row.month, dt.date) else None
        if isinstance(row.month, dt.date) and row.month in seen:
            rules.add(field, MONTH_TWICE % {"month": _month_text(row.month)})
            continue
        seen.add(row.month)
        if row.amount is None:
            continue  # removing a row: no rule on the month (a wrong old row can always be removed)
        check_month(rules, project, kind, row.month, field)
        check_amount(rules, row.amount, field)


def _locked_rows(project: Project, kind: _Kind, rows: list[MonthAmount]) -> dict:
    months = [row.month for row in rows]
    locked = kind.model._base_manager.select_for_update().filter(project=project, month__in=months)
    existing = {obj.month: obj for obj in locked}
    for row in rows:
        current = existing.get(row.month)
        if current is not None and (row.amount is None or Decimal(row.amount) != getattr(current, kind.amount_field)):
            check_version(current, row.version)
    return existing


def _write_rows(actor, project: Project, kind: _Kind, rows: list[MonthAmount], existing: dict) -> list:
    written = []
    for row in rows:
        current = existing.get(row.month)
        if row.amount is None:
            if current is not None:
                _record(actor, project, "delete", current)
                current.delete()
            continue
        amount = Decimal(row.amount)
        if current is None:
            obj = kind.model(project=project, month=row.month, **{kind.amount_field: amount})
            obj.save()
            _record(actor, project, "create", obj, {kind.amount_field: [None, audit.display_value(None, amount)]})
            written.append(obj)
            continue
        old = getattr(current, kind.amount_field)
        if old != amount:
            setattr(current, kind.amount_field, amount)
            current.version += 1
            current.save(update_fields=[kind.amount_field, "version"])
            changes = {kind.amount_field: [audit.display_value(None, old), audit.display_value(None, amount)]}
            _record(actor, project, "update", current, changes)
        written.append(current)
    return written


@transaction.atomic
def set_monthly_costs(
    *,
    actor,
    project: Project,
    plan: Iterable[MonthAmount] = (),
    actuals: Iterable[MonthAmount] = (),
) -> tuple[list[CostPlan], list[CostActual]]:
    """Write the planned and actual cost of each month given, all rows or none (the month grid's one save).

    An empty amount removes the month's row. Every broken rule is reported at once, at its cell."""
    require_manage(actor, project)
    _lock_project(project)
    plan, actuals = list(plan), list(actuals)
    rules = Rules()
    _check_rows(rules, project, PLAN, plan)
    _check_rows(rules, project, ACTUAL, actuals)
    rules.raise_if_any()
    existing_plan = _locked_rows(project, PLAN, plan)
    existing_actuals = _locked_rows(project, ACTUAL, actuals)
    written = (
        _write_rows(actor, project, PLAN, plan, existing_plan),
        _write_rows(actor, project, ACTUAL, actuals, existing_actuals),
    )
    refresh_project_snapshot(project=project)
    return written


def set_cost_plan(*, actor, project: Project, rows: Iterable[MonthAmount]) -> list[CostPlan]:
    """Write the planned cost of each month given (all rows or none); an empty amount removes the month."""
    return set_monthly_costs(actor=actor, project=project, plan=rows)[0]


def set_cost_actuals(*, actor, project: Project, rows: Iterable[MonthAmount]) -> list[CostActual]:
    """Write the actual cost of each month given (all rows or none); an empty amount removes the month."""
    return set_monthly_costs(actor=actor, project=project, actuals=rows)[1]


# --- One row at a time (the API) ---------------------------------------------------------------------------------


def _check_taken(rules: Rules, kind: _Kind, project: Project, month, *, exclude_pk=None) -> None:
    if rules.has("month") or not isinstance(month, dt.date):
        return
    taken = kind.model._base_manager.filter(project=project, month=month).exclude(pk=exclude_pk).exists()
    if taken:
        rules.add("month", MONTH_TAKEN % {"month": _month_text(month)})


@transaction.atomic
def create_cost_row(*, actor, project: Project, model: type, month: dt.date, amount: Decimal):
    """Add one month's row (``model`` is ``CostPlan`` or ``CostActual``)."""
    kind = _KINDS[model]
    require_manage(actor, project)
    _lock_project(project)
    rules = Rules()
    check_month(rules, project, kind, month, "month")
    check_amount(rules, amount, kind.amount_field)
    _check_taken(rules, kind, project, month)
    rules.raise_if_any()
    obj = model(project=project, month=month, **{kind.amount_field: Decimal(amount)})
    obj.save()
    changes = {k: [None, v] for k, v in audit.snapshot(obj, ["month", kind.amount_field]).items()}
    _record(actor, project, "create", obj, changes)
    refresh_project_snapshot(project=project)
    return obj


@transaction.atomic
def update_cost_row(
    *,
    actor,
    obj,
    expected_version: int | None,
    month: dt.date | Unset = UNSET,
    amount: Decimal | Unset = UNSET,
):
    """Change one month's row (its month and/or amount)."""
    kind = _KINDS[type(obj)]
    project = obj.project
    require_manage(actor, project)
    _lock_project(project)
    current = lock(obj)
    check_version(current, expected_version)
    rules = Rules()
    values = {}
    if month is not UNSET:
        check_month(rules, project, kind, month, "month")
        _check_taken(rules, kind, project, month, exclude_pk=obj.pk)
        values["month"] = month
    if amount is not UNSET:
        check_amount(rules, amount, kind.amount_field)
        if not rules.has(kind.amount_field):
            values[kind.amount_field] = Decimal(amount)
    rules.raise_if_any()
    names = list(values)
    before = audit.snapshot(current, names)
    for name, value in values.items():
        setattr(obj, name, value)
    changes = audit.diff(before, audit.snapshot(obj, names))
    if changes:
        obj.version = current.version + 1
        obj.save(update_fields=[*changes, "version"])
        _record(actor, project, "update", obj, changes)
        refresh_project_snapshot(project=project)
    return obj


@transaction.atomic
def delete_cost_row(*, actor, obj) -> None:
    """Remove one month's row (its history stays)."""
    project = obj.project
    require_manage(actor, project)
    current = lock(obj)
    _record(actor, project, "delete", current)
    current.delete()
    refresh_project_snapshot(project=project)
