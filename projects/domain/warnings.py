"""The early-warning rules: pure functions of plain values (no ORM), each answering "is this a warning today?".

Edges are stated and tested: a value exactly at a threshold is not a warning; one working day more is.

* ``index_red``: an SPI or CPI strictly below the red threshold (``RAG_AMBER_MIN``: below it a dimension is red);
* ``gate_slip_days``: a phase-gate milestone not yet reached whose forecast is more than ``limit`` working days
  after its baseline;
* ``issue_overdue_days``: an open issue more than ``limit`` working days past its due date;
* ``risk_review_overdue``: an open high risk (score ≥ ``HIGH_RISK_SCORE``) whose next review date has passed;
* ``over_allocated``: a person's booked % of a month above their capacity (100 % × capacity in FTE).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.calendar import WorkingCalendar

#: A risk is high from this score (probability × impact, 5 × 5): the red zone of the heat map.
HIGH_RISK_SCORE = 15


def index_red(value: Decimal | None, red_below: Decimal) -> bool:
    """SPI or CPI strictly below the threshold; "not defined" (None) is never a warning."""
    return value is not None and value < red_below


def gate_slip_days(
    *,
    baseline: dt.date,
    forecast: dt.date | None,
    actual: dt.date | None,
    limit: int,
    calendar: WorkingCalendar,
) -> int | None:
    """The working days a phase gate is forecast to slip when that is more than ``limit``, else None.

    A gate already reached (``actual``) is history, not a warning; without a forecast nothing is forecast."""
    if actual is not None or forecast is None:
        return None
    days = calendar.working_days_between(baseline, forecast)
    return days if days > limit else None


def issue_overdue_days(
    *, due: dt.date | None, today: dt.date, is_open: bool, limit: int, calendar: WorkingCalendar
) -> int | None:
    """Working days an open issue is past due when that is more than ``limit``, else None."""
    if due is None or not is_open or today <= due:
        return None
    days = calendar.working_days_between(due, today)
    return days if days > limit else None


def risk_review_overdue(*, score: int, next_review: dt.date | None, today: dt.date, is_open: bool) -> bool:
    """An open high risk whose review date is before today (due today is not yet overdue)."""
    return is_open and score >= HIGH_RISK_SCORE and next_review is not None and next_review < today


def over_allocated(*, total_percent: int | Decimal, capacity_fte: Decimal) -> bool:
    """Booked above capacity: exactly 100 % of a full-time person is fully, not over-, allocated."""
    return Decimal(total_percent) > Decimal(capacity_fte) * 100


def utilisation(*, total_percent: int | Decimal, capacity_fte: Decimal) -> Decimal | None:
    """Booked % ÷ capacity, in % (rounded to a whole percent); None for a capacity of zero."""
    if not capacity_fte:
        return None
    return (Decimal(total_percent) / Decimal(capacity_fte)).quantize(Decimal(1))
