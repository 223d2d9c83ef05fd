"""ISO weeks as the portal writes them: ``2026-W47``."""

from __future__ import annotations

import datetime as dt
import re

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(value: str) -> dt.date:
    """The Monday of an ISO week string; ValueError if malformed or out of range."""
    match = _WEEK_RE.match(value or "")
    if not match:
        raise ValueError(value)
    year, week = int(match.group(1)), int(match.group(2))
    return dt.date.fromisocalendar(year, week, 1)


def week_of(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_end(week: str) -> dt.date:
    """The Friday of the week: the status date of that week's report."""
    return parse_week(week) + dt.timedelta(days=4)


def previous_week(week: str) -> str:
    return week_of(parse_week(week) - dt.timedelta(days=7))
