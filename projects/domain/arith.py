"""Decimal arithmetic for the EVM domain: "not defined" (``None``) instead of a division error, rounding
half-up to fixed quanta, and working days between two dates. Pure Python, no Django.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Context, Decimal, DecimalException
from typing import Final

#: Quantum for money amounts: whole currency units (integer yen by default).
MONEY_PLACES: Final = Decimal("1")
#: Quantum for performance indices (SPI, CPI, SPI(t), TCPI).
RATIO_PLACES: Final = Decimal("0.0001")

_ZERO: Final = Decimal(0)
# Working precision for intermediate results (the default context has 28 digits).
_WORK_PREC: Final = 50


# --------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------


def _dec(value: Decimal | int | float | str | None) -> Decimal | None:
    """Coerce to a finite ``Decimal``; ``None``, NaN and infinities become ``None``.

    Floats are converted through ``str`` so that ``0.1`` means ``Decimal("0.1")``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, float):
        result = Decimal(str(value))
    else:
        try:
            result = Decimal(value)
        except (DecimalException, TypeError, ValueError):
            return None
    return result if result.is_finite() else None


def _quantize(value: Decimal | None, quantum: Decimal) -> Decimal | None:
    """Round ``value`` to ``quantum`` with ROUND_HALF_UP; never raises, never returns ``-0``.

    The rounding context's precision is widened to fit the value, so large amounts do not trigger
    ``InvalidOperation`` the way ``Decimal.quantize`` does under the default 28-digit context.
    """
    if value is None or not value.is_finite():
        return None
    digits = max(value.adjusted(), 0) - quantum.as_tuple().exponent + 3  # type: ignore[operator]
    ctx = Context(prec=max(_WORK_PREC, digits), rounding=ROUND_HALF_UP)
    try:
        result = value.quantize(quantum, rounding=ROUND_HALF_UP, context=ctx)
    except DecimalException:
        return None
    return result.copy_abs() if result.is_zero() else result


def quantize_money(value: Decimal | None) -> Decimal | None:
    """Round a money amount to whole units (ROUND_HALF_UP). ``None`` stays ``None``."""
    return _quantize(value, MONEY_PLACES)


def quantize_ratio(value: Decimal | None) -> Decimal | None:
    """Round an index (SPI, CPI, SPI(t), TCPI) to 4 decimal places (ROUND_HALF_UP)."""
    return _quantize(value, RATIO_PLACES)


def safe_div(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """Return ``a / b``, or ``None`` when it is not defined.

    ``None`` is returned when ``a`` is ``None``, ``b`` is ``None`` or zero, either operand is not finite,
    or the division itself fails. The quotient is *not* rounded; it carries the precision of the
    current decimal context.
    """
    a_dec, b_dec = _dec(a), _dec(b)
    if a_dec is None or b_dec is None or b_dec.is_zero():
        return None
    try:
        result = a_dec / b_dec
    except DecimalException:
        return None
    return result if result.is_finite() else None


def _sub(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """``a - b``, or ``None`` when either operand is missing."""
    if a is None or b is None:
        return None
    return a - b


def _add(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """``a + b``, or ``None`` when either operand is missing."""
    if a is None or b is None:
        return None
    return a + b


def _mul(*factors: Decimal | None) -> Decimal | None:
    """Product of ``factors``, or ``None`` when any factor is missing."""
    result = Decimal(1)
    for factor in factors:
        if factor is None:
            return None
        result *= factor
    return result


def _is_defined_nonzero(value: Decimal | None) -> bool:
    return value is not None and not value.is_zero()


# --------------------------------------------------------------------------------------------------
# Working days
# --------------------------------------------------------------------------------------------------


def working_days_between(a: datetime.date, b: datetime.date) -> int:
    """Number of working days (Monday–Friday) after ``a`` up to and including ``b``.

    This is the slip of ``b`` relative to ``a`` in working days: Friday → next Monday is 1,
    Monday → next Monday is 5, ``a == b`` is 0. The result is antisymmetric
    (``working_days_between(b, a) == -working_days_between(a, b)``) and negative when ``b < a``.
    Public holidays are not taken into account.
    """
    if b < a:
        return -working_days_between(b, a)
    total_days = (b - a).days
    full_weeks, remainder = divmod(total_days, 7)
    count = full_weeks * 5
    weekday = a.weekday()  # Monday == 0
    for offset in range(1, remainder + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count
