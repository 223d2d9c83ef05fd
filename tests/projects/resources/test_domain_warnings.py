"""The early-warning rules at their edges: exactly at the threshold is not a warning, one step beyond is. Pure
functions: no database."""

import datetime as dt
from decimal import Decimal

import pytest

from core.calendar import WorkingCalendar
from projects.domain import warnings as w

CAL = WorkingCalendar()
RED = Decimal("0.85")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("0.85"), False), (Decimal("0.8499"), True), (Decimal("0.8501"), False), (None, False)],
)
def test_index_red_strictly_below_the_threshold(value, expected):
    assert w.index_red(value, RED) is expected


# Monday 2026-11-02 … : 2026-11-03 (Tue) is Culture Day (文化の日), a holiday.
def test_gate_slip_counts_working_days_and_skips_holidays():
    base = dt.date(2026, 11, 2)  # Monday
    # Forecast Wednesday 11-04: Tue is a holiday, so one working day of slip.
    assert w.gate_slip_days(baseline=base, forecast=dt.date(2026, 11, 4), actual=None, limit=0, calendar=CAL) == 1


def test_gate_slip_exactly_at_limit_is_not_a_warning_and_one_more_is():
    base = dt.date(2026, 11, 9)  # Monday; no holiday that week
    at_limit = dt.date(2026, 11, 13)  # Friday: 4 working days
    assert CAL.working_days_between(base, at_limit) == 4
    assert w.gate_slip_days(baseline=base, forecast=at_limit, actual=None, limit=4, calendar=CAL) is None
    one_more = dt.date(2026, 11, 16)  # the next Monday: 5 working days
    assert w.gate_slip_days(baseline=base, forecast=one_more, actual=None, limit=4, calendar=CAL) == 5
    one_less = dt.date(2026, 11, 12)
    assert w.gate_slip_days(baseline=base, forecast=one_less, actual=None, limit=4, calendar=CAL) is None


def test_a_reached_gate_or_one_without_forecast_is_no_warning():
    base = dt.date(2026, 11, 9)
    late = dt.date(2026, 12, 30)
    assert w.gate_slip_days(baseline=base, forecast=late, actual=late, limit=0, calendar=CAL) is None
    assert w.gate_slip_days(baseline=base, forecast=None, actual=None, limit=0, calendar=CAL) is None


def test_issue_overdue_exactly_n_working_days_is_not_yet_a_warning():
    due = dt.date(2026, 11, 9)  # Monday
    n = 5
    at_limit = dt.date(2026, 11, 16)  # 5 working days later (Tue..Fri + Mon)
    assert CAL.working_days_between(due, at_limit) == 5
    assert w.issue_overdue_days(due=due, today=at_limit, is_open=True, limit=n, calendar=CAL) is None
    day_after = dt.date(2026, 11, 17)
    assert w.issue_overdue_days(due=due, today=day_after, is_open=True, limit=n, calendar=CAL) == 6
    day_before = dt.date(2026, 11, 13)
    assert w.issue_overdue_days(due=due, today=day_before, is_open=True, limit=n, calendar=CAL) is None


def test_issue_overdue_over_a_weekend_and_a_holiday_counts_working_days_only():
    due = dt.date(2026, 11, 20)  # Friday; Mon 11-23 is Labour Thanksgiving Day (勤労感謝の日)
    assert w.issue_overdue_days(due=due, today=dt.date(2026, 11, 24), is_open=True, limit=0, calendar=CAL) == 1


def test_closed_issue_or_no_due_date_is_never_overdue():
    due = dt.date(2026, 1, 5)
    today = dt.date(2026, 11, 25)
    assert w.issue_overdue_days(due=due, today=today, is_open=False, limit=0, calendar=CAL) is None
    assert w.issue_overdue_days(due=None, today=today, is_open=True, limit=0, calendar=CAL) is None


@pytest.mark.parametrize(
    ("score", "review", "expected"),
    [
        (15, "2026-11-24", True),  # high, review yesterday
        (15, "2026-11-25", False),  # due today: not yet overdue
        (15, "2026-11-26", False),  # tomorrow
        (14, "2026-11-01", False),  # not high: one below the threshold
        (25, None, False),  # no review date
    ],
)
def test_risk_review_overdue_edges(score, review, expected):
    nxt = dt.date.fromisoformat(review) if review else None
    assert w.risk_review_overdue(score=score, next_review=nxt, today=dt.date(2026, 11, 25), is_open=True) is expected


def test_closed_risk_is_never_overdue():
    assert not w.risk_review_overdue(
        score=25, next_review=dt.date(2026, 1, 1), today=dt.date(2026, 11, 25), is_open=False
    )


@pytest.mark.parametrize(
    ("total", "capacity", "expected"),
    [(100, "1.00", False), (101, "1.00", True), (99, "1.00", False), (50, "0.50", False), (51, "0.50", True)],
)
def test_over_allocation_edges(total, capacity, expected):
    assert w.over_allocated(total_percent=total, capacity_fte=Decimal(capacity)) is expected


def test_utilisation_is_booked_over_capacity():
    assert w.utilisation(total_percent=60, capacity_fte=Decimal("0.50")) == 120
    assert w.utilisation(total_percent=0, capacity_fte=Decimal("1")) == 0
    assert w.utilisation(total_percent=10, capacity_fte=Decimal("0")) is None
