"""The Japanese working calendar: weekends and national holidays (祝日, from the maintained ``jpholiday`` package,
which follows the Cabinet Office's list including substitute holidays), plus the company's own closed days
(``PMO_EXTRA_HOLIDAYS``, e.g. the New Year break). Pure functions of dates; no database.

Used for the weekly report deadline (a holiday moves it to the previous working day) and for counting working days
of slip (the phase-gate rule of the suggested RAG).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import jpholiday

WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days. ``extra_holidays``: company closed days besides weekends and 祝日."""

    extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def is_holiday(self, day: dt.date) -> bool:
        return day in self.extra_holidays or jpholiday.is_holiday(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the closest working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is before ``start``).

        A milestone due on Friday and met on the next Monday slipped one working day; over a holiday Monday, zero.
        """
        if end == start:
            return 0
        sign = 1 if end > start else -1
        lo, hi = (start, end) if sign > 0 else (end, start)
        count = 0
        day = lo + dt.timedelta(days=1)
        while day <= hi:
            if self.is_working_day(day):
                count += 1
            day += dt.timedelta(days=1)
        return sign * count


@dataclass(frozen=True)
class WeeklyDeadline:
    """The weekly status deadline: a weekday and a time in a time zone (default Friday 17:00 Asia/Tokyo)."""

    weekday: int = 4  # Monday = 0
    hour: int = 17
    minute: int = 0
    tz: str = "Asia/Tokyo"

    @classmethod
    def parse(cls, text: str, *, tz: str = "Asia/Tokyo") -> WeeklyDeadline:
        """``"FRI 17:00"`` → a deadline; ValueError naming what is wrong."""
        parts = (text or "").strip().upper().split()
        if len(parts) != 2 or parts[0] not in WEEKDAYS:
            raise ValueError(f"expected a weekday and a time such as 'FRI 17:00', got {text!r}")
        try:
            hour_text, minute_text = parts[1].split(":")
            hour, minute = int(hour_text), int(minute_text)
        except ValueError:
            raise ValueError(f"expected a time such as 17:00, got {parts[1]!r}") from None
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError(f"the time {parts[1]!r} is not a time of day")
        return cls(weekday=WEEKDAYS.index(parts[0]), hour=hour, minute=minute, tz=tz)

    def for_week(self, week_monday: dt.date, calendar: WorkingCalendar) -> dt.datetime:
        """The deadline of the week starting ``week_monday``, moved to the previous working day when it falls on a
        holiday (not earlier than that week's Monday)."""
        day = week_monday + dt.timedelta(days=self.weekday)
        moved = calendar.previous_working_day(day)
        if moved < week_monday:
            moved = day  # a week without any working day up to the deadline keeps its nominal day
        return dt.datetime(moved.year, moved.month, moved.day, self.hour, self.minute, tzinfo=ZoneInfo(self.tz))


def parse_dates(values: Iterable[str]) -> frozenset[dt.date]:
    """``["2026-12-29", "2026-12-30"]`` → dates; ValueError naming the bad one."""
    out = set()
    for text in values:
        try:
            out.add(dt.date.fromisoformat(text.strip()))
        except ValueError:
            raise ValueError(f"{text!r} is not a date written as YYYY-MM-DD") from None
    return frozenset(out)


def working_calendar() -> WorkingCalendar:
    """The portal's calendar: 祝日 and weekends, plus ``settings.PMO_EXTRA_HOLIDAYS``."""
    from django.conf import settings

    return _calendar_for(tuple(getattr(settings, "PMO_EXTRA_HOLIDAYS", ()) or ()))


def weekly_deadline() -> WeeklyDeadline:
    """``settings.PMO_STATUS_DEADLINE`` (``"FRI 17:00"``) in ``settings.TIME_ZONE``."""
    from django.conf import settings

    return WeeklyDeadline.parse(getattr(settings, "PMO_STATUS_DEADLINE", "FRI 17:00"), tz=settings.TIME_ZONE)


def report_deadline(week_monday: dt.date) -> dt.datetime:
    """When the weekly report of the week starting ``week_monday`` is due (moved before a holiday)."""
    return weekly_deadline().for_week(week_monday, working_calendar())


_CALENDARS: dict[tuple[str, ...], WorkingCalendar] = {}


def _calendar_for(extra: tuple[str, ...]) -> WorkingCalendar:
    if extra not in _CALENDARS:
        _CALENDARS[extra] = WorkingCalendar(extra_holidays=parse_dates(extra))
    return _CALENDARS[extra]
