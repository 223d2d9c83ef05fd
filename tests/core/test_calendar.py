"""The Japanese working calendar: weekends, 祝日 (jpholiday) and company closed days; the weekly deadline."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from core.calendar import WeeklyDeadline, WorkingCalendar, parse_dates

CAL = WorkingCalendar()


def test_weekends_and_public_holidays_are_not_working_days():
    assert CAL.is_working_day(dt.date(2026, 11, 25))  # Wednesday
    assert not CAL.is_working_day(dt.date(2026, 11, 28))  # Saturday
    assert not CAL.is_working_day(dt.date(2026, 11, 23))  # 勤労感謝の日 (Monday)
    assert not CAL.is_working_day(dt.date(2026, 5, 6))  # 振替休日 (substitute holiday)


def test_company_closed_days_count_as_holidays():
    cal = WorkingCalendar(extra_holidays=parse_dates(["2026-12-29", "2026-12-30"]))
    assert not cal.is_working_day(dt.date(2026, 12, 29))
    assert cal.working_days_between(dt.date(2026, 12, 28), dt.date(2026, 12, 31)) == 1


def test_working_days_between_skips_holidays_and_is_antisymmetric():
    # Friday 2026-11-20 → Tuesday 2026-11-24 over the Monday holiday: one working day (Tuesday).
    assert CAL.working_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 24)) == 1
    assert CAL.working_days_between(dt.date(2026, 11, 24), dt.date(2026, 11, 20)) == -1
    assert CAL.working_days_between(dt.date(2026, 11, 25), dt.date(2026, 11, 25)) == 0
    # Golden Week 2026: 4/29 and 5/3–5/6 are holidays; 4/28 → 5/8 has 4/30, 5/1, 5/7, 5/8.
    assert CAL.working_days_between(dt.date(2026, 4, 28), dt.date(2026, 5, 8)) == 4


def test_deadline_moves_to_the_previous_working_day():
    friday_17 = WeeklyDeadline.parse("FRI 17:00")
    assert friday_17.for_week(dt.date(2026, 11, 16), CAL) == dt.datetime.fromisoformat("2026-11-20T17:00:00+09:00")
    # 2026-03-20 (Friday) is 春分の日: due on Thursday 19 March.
    assert friday_17.for_week(dt.date(2026, 3, 16), CAL) == dt.datetime.fromisoformat("2026-03-19T17:00:00+09:00")
    # 2027-01-01 (Friday) is 元日: due on Thursday 31 December.
    assert friday_17.for_week(dt.date(2026, 12, 28), CAL).date() == dt.date(2026, 12, 31)


@pytest.mark.parametrize("text", ["FRIDAY 17:00", "FRI 25:00", "FRI 17", "", "XYZ 10:00", "MON 9:75"])
def test_bad_deadline_text_is_refused(text):
    with pytest.raises(ValueError):
        WeeklyDeadline.parse(text)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PMO_STATUS_DEADLINE", "Friday at five", "PMO_STATUS_DEADLINE must be a weekday and a time"),
        ("PMO_EXTRA_HOLIDAYS", "2026-12-29,29/12/2026", "PMO_EXTRA_HOLIDAYS must list dates as YYYY-MM-DD"),
    ],
)
def test_bad_calendar_settings_stop_the_start(tmp_path, name, value, message):
    env = {"DEBUG": "1", "PMO_VAR_DIR": str(tmp_path), name: value, "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"}
    import os

    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr
