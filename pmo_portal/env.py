"""Reading configuration from the environment, failing fast on bad values."""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value!r}")
    return number


def env_decimal(
    name: str, default: str, *, minimum: Decimal | str | None = None, maximum: Decimal | str | None = None
) -> Decimal:
    """A decimal number (e.g. ``0.95``), within ``minimum``..``maximum`` (both inclusive) when given."""
    value = os.environ.get(name)
    raw = default if value is None or value.strip() == "" else value.strip()
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise ImproperlyConfigured(f"{name} must be a decimal number (e.g. 0.95), got {raw!r}") from exc
    if not number.is_finite():
        raise ImproperlyConfigured(f"{name} must be a finite decimal number, got {raw!r}")
    if minimum is not None and number < Decimal(minimum):
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {raw!r}")
    if maximum is not None and number > Decimal(maximum):
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {raw!r}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


_WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def env_weekly_time(name: str, default: str) -> str:
    """A weekday and a time such as ``FRI 17:00`` (the weekly report deadline), normalised to capitals."""
    value = (os.environ.get(name) or default).strip().upper()
    parts = value.split()
    ok = len(parts) == 2 and parts[0] in _WEEKDAYS and ":" in parts[1]
    if ok:
        hour, _sep, minute = parts[1].partition(":")
        ok = hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60 and len(minute) == 2
    if not ok:
        raise ImproperlyConfigured(f"{name} must be a weekday and a time such as 'FRI 17:00', got {value!r}")
    return value


def env_dates(name: str) -> list[str]:
    """A comma-separated list of dates written as YYYY-MM-DD (company closed days)."""
    import datetime as dt

    out = []
    for item in env_list(name, []):
        try:
            dt.date.fromisoformat(item)
        except ValueError:
            raise ImproperlyConfigured(f"{name} must list dates as YYYY-MM-DD, got {item!r}") from None
        out.append(item)
    return out


def env_choices(name: str, default: list[str], *, allowed: tuple[str, ...]) -> list[str]:
    """A comma-separated list whose every item (case-insensitive) is one of ``allowed``; never empty."""
    items = [item.lower() for item in env_list(name, default)]
    wrong = [item for item in items if item not in allowed]
    if wrong or not items:
        raise ImproperlyConfigured(f"{name} must list some of {', '.join(allowed)} (comma-separated), got {items!r}")
    return items
