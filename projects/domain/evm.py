"""Earned value management (EVM) and earned schedule (ES) — pure Python, no Django.

All arithmetic is done in :class:`decimal.Decimal`; no ``float`` is ever used.

Definitions (SPEC "Earned value (EVM), at a status date t")::

    PV  = planned cost to t          EV  = % complete × BAC       AC = actual cost to t
    SV  = EV − PV                    CV  = EV − AC
    SPI = EV / PV                    CPI = EV / AC
    EAC = AC + (BAC − EV) / CPI      (alternatives: BAC / CPI and AC + (BAC − EV) / (CPI × SPI))
    ETC = EAC − AC                   VAC = BAC − EAC
    TCPI = (BAC − EV) / (BAC − AC)
    ES  = time at which PV first equals EV;  SPI(t) = ES / AT
    forecast finish = planned start + planned duration / SPI(t)

Invariants guaranteed by :func:`compute_evm`:

* It never raises for finite numeric inputs and never returns ``NaN`` or infinity. A quantity whose
  formula divides by zero, or which depends on a missing input, is ``None`` ("not defined").
* Rounding is ``ROUND_HALF_UP`` everywhere:

  - money (BAC, PV, EV, AC, SV, CV, EAC and its variants, ETC, VAC) → whole units (0 decimals, yen);
  - ratios (SPI, CPI, SPI(t), TCPI) → 4 decimal places;
  - earned schedule ES → 2 decimal places (days).

* PV, EV and AC are rounded to money *first*; every other figure is derived from those rounded amounts,
  so the displayed identities hold exactly (``SV == EV - PV``, ``ETC == EAC - AC``, ``VAC == BAC - EAC``).
* Ratios used *inside* another formula (CPI in EAC, SPI(t) in the forecast finish …) are the exact,
  unrounded ratios; only the reported values are rounded. E.g. BAC 1,000,000, EV 400,000, AC 450,000
  gives CPI 0.8889 but EAC exactly 1,125,000. To keep that exact, the EAC family is evaluated in the
  algebraically equivalent single-division forms (``BAC / CPI == BAC × AC / EV`` …).
* A zero result is never reported as negative zero.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Final

from projects.domain.arith import (
    _WORK_PREC,
    _ZERO,
    MONEY_PLACES,
    RATIO_PLACES,
    _add,
    _dec,
    _is_defined_nonzero,
    _mul,
    _quantize,
    _sub,
    quantize_money,
    quantize_ratio,
    safe_div,
    working_days_between,
)

__all__ = [
    "MONEY_PLACES",
    "RATIO_PLACES",
    "ES_PLACES",
    "EVMResult",
    "compute_evm",
    "pv_at",
    "quantize_money",
    "quantize_ratio",
    "safe_div",
    "working_days_between",
]

#: Quantum for earned schedule, in days.
ES_PLACES: Final = Decimal("0.01")

_HUNDRED: Final = Decimal(100)


# --------------------------------------------------------------------------------------------------
# Planned value curve
# --------------------------------------------------------------------------------------------------


def _normalise_curve(
    pv_curve: Sequence[tuple[datetime.date, Decimal]], planned_start: datetime.date | None
) -> list[tuple[int, Decimal]]:
    """Turn the cumulative PV curve into sorted ``(ordinal day, value)`` breakpoints.

    * Points are sorted by date (stable); for duplicate dates the last value wins.
    * Points whose value is missing or not finite are dropped.
    * When ``planned_start`` is given and lies before the first point, ``(planned_start, 0)`` is added
      as the first breakpoint, so PV rises linearly from zero at the planned start.
    """
    by_day: dict[int, Decimal] = {}
    for when, value in sorted(pv_curve, key=lambda point: point[0]):
        value_dec = _dec(value)
        if value_dec is not None:
            by_day[when.toordinal()] = value_dec
    points = sorted(by_day.items())
    if points and planned_start is not None and planned_start.toordinal() < points[0][0]:
        points.insert(0, (planned_start.toordinal(), _ZERO))
    return points


def _value_at(points: Sequence[tuple[int, Decimal]], day: Decimal | int) -> Decimal:
    """Exact (unrounded) cumulative value at ``day`` (an ordinal, possibly fractional).

    Zero before the first breakpoint, the last value after the last breakpoint, linear in between.
    """
    if not points or day < points[0][0]:
        return _ZERO
    if day >= points[-1][0]:
        return points[-1][1]
    days = [d for d, _ in points]
    i = bisect.bisect_right(days, day) - 1  # days[i] <= day < days[i + 1]
    (d0, v0), (d1, v1) = points[i], points[i + 1]
    if day == d0:
        return v0
    with localcontext() as ctx:
        ctx.prec = _WORK_PREC
        return v0 + (v1 - v0) * (Decimal(day) - d0) / (d1 - d0)


def pv_at(
    pv_curve: Sequence[tuple[datetime.date, Decimal]],
    planned_start: datetime.date | None,
    when: datetime.date,
) -> Decimal:
    """Planned value (cumulative planned cost) at the end of ``when``, rounded to money.

    ``pv_curve`` holds ``(date, cumulative planned value at the end of that date)`` points, e.g. month-ends
    with the cumulative planned cost. The value is:

    * ``0`` before the curve starts — before ``planned_start`` when given (which is treated as a
      ``(planned_start, 0)`` point), otherwise before the first point's date;
    * linearly interpolated between neighbouring points (by calendar day);
    * the last point's value after the last point.

    An empty curve gives ``0``; PV on the planned-start day itself is ``0``, matching AT = 0 on that day
    (ES and AT share the same day axis). For a non-decreasing curve the result is non-decreasing in
    ``when``.
    """
    points = _normalise_curve(pv_curve, planned_start)
    return quantize_money(_value_at(points, when.toordinal())) or _ZERO


def _earned_schedule_days(points: Sequence[tuple[int, Decimal]], start: int, target: Decimal) -> Decimal | None:
    """Earned schedule: days after ``start`` at which the PV curve first reaches ``target``.

    Formally ``ES = inf{x >= 0 : PV(start + x) >= min(target, max PV on [start, ∞))}`` with PV the
    piecewise-linear curve of :func:`_value_at`. Capping the target at the curve's maximum means a
    project that has earned more than the total plan (e.g. 100 % complete) has ES = the time the plan
    reaches its total, i.e. ES never exceeds the planned duration. ``None`` when the curve is empty or
    never rises above zero on or after ``start`` while something was earned.
    """
    if not points:
        return None
    later = [(d, v) for d, v in points if d > start]
    start_value = _value_at(points, start)
    curve_max = max([start_value, *(v for _, v in later)])
    if target > 0 and curve_max <= 0:
        return None
    goal = min(target, curve_max)
    if start_value >= goal:
        return _ZERO
    # Walk the breakpoints after ``start``; at the left end of each piece PV < goal holds.
    prev_day, prev_value = start, start_value
    for day, value in later:
        if value >= goal:
            with localcontext() as ctx:
                ctx.prec = _WORK_PREC
                # PV is 0 before the first breakpoint and jumps there (no planned-start anchor).
                if day == points[0][0]:
                    return Decimal(day - start)
                crossing = prev_day + (goal - prev_value) * (day - prev_day) / (value - prev_value)
                return crossing - start
        prev_day, prev_value = day, value
    return None  # pragma: no cover - goal <= curve_max guarantees a crossing


# --------------------------------------------------------------------------------------------------
# Result and computation
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EVMResult:
    """EVM figures at one status date. Any field may be ``None`` = "not defined".

    Money fields are whole units, ratios have 4 decimals, ``es`` has 2 decimals (days); see the module
    docstring for the rounding rules and the exact identities that hold between the fields.
    """

    bac: Decimal | None
    pv: Decimal | None
    ev: Decimal | None
    ac: Decimal | None
    sv: Decimal | None
    cv: Decimal | None
    spi: Decimal | None
    cpi: Decimal | None
    #: AC + (BAC − EV) / CPI — the headline estimate at completion.
    eac: Decimal | None
    #: BAC / CPI.
    eac_bac_cpi: Decimal | None
    #: AC + (BAC − EV) / (CPI × SPI).
    eac_composite: Decimal | None
    #: EAC − AC.
    etc: Decimal | None
    #: BAC − EAC.
    vac: Decimal | None
    #: (BAC − EV) / (BAC − AC).
    tcpi: Decimal | None
    #: % complete, clamped to 0..100.
    percent_complete: Decimal | None
    #: Earned schedule in days since the planned start.
    es: Decimal | None
    #: Actual time: days from the planned start to the status date (<= 0 when not started).
    at_days: int | None
    #: ES / AT.
    spi_t: Decimal | None
    #: planned start + planned duration / SPI(t).
    forecast_finish: datetime.date | None


def compute_evm(
    *,
    bac: Decimal | None,
    percent_complete: Decimal | None,
    pv_curve: Sequence[tuple[datetime.date, Decimal]],
    ac_to_date: Decimal | None,
    status_date: datetime.date,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
) -> EVMResult:
    """Compute every EVM / earned-schedule figure at ``status_date``.

    * ``pv_curve``: ``(date, cumulative planned value)`` points, see :func:`pv_at`. Empty → PV 0, so
      SPI, ES, SPI(t) and the forecast finish are ``None``.
    * ``percent_complete``: 0..100 (values outside are clamped). ``None`` → EV and everything derived
      from it is ``None``.
    * ``ac_to_date``: ``None`` → CV, CPI, the EAC family, ETC, VAC and TCPI are ``None``; ``0`` → CPI and
      the EAC family are ``None`` (TCPI stays defined).
    * ``planned_start``: needed for AT / ES / SPI(t) / forecast finish. AT = days from
      ``planned_start`` to ``status_date``; when AT <= 0 (not started yet) SPI(t) is ``None``.
    * ``planned_end``: needed (with ``planned_start``) for the forecast finish.

    Never raises for finite inputs; see the module docstring for rounding and invariants.
    """
    with localcontext() as ctx:
        ctx.prec = _WORK_PREC
        ctx.rounding = ROUND_HALF_UP

        bac_m = quantize_money(_dec(bac))
        pc = _dec(percent_complete)
        if pc is not None:
            pc = min(max(pc, _ZERO), _HUNDRED)

        points = _normalise_curve(pv_curve, planned_start)
        pv_m = quantize_money(_value_at(points, status_date.toordinal()))
        ev_m = quantize_money(_mul(safe_div(pc, _HUNDRED), bac_m))
        ac_m = quantize_money(_dec(ac_to_date))

        sv = _sub(ev_m, pv_m)
        cv = _sub(ev_m, ac_m)
        spi_exact = safe_div(ev_m, pv_m)
        cpi_exact = safe_div(ev_m, ac_m)

        # EAC family, in single-division forms (CPI = EV/AC, CPI × SPI = EV² / (AC × PV)).
        eac = eac_bac_cpi = eac_composite = None
        if _is_defined_nonzero(cpi_exact):
            remaining = _sub(bac_m, ev_m)
            eac = quantize_money(_add(ac_m, safe_div(_mul(remaining, ac_m), ev_m)))
            eac_bac_cpi = quantize_money(safe_div(_mul(bac_m, ac_m), ev_m))
            if _is_defined_nonzero(spi_exact):
                eac_composite = quantize_money(_add(ac_m, safe_div(_mul(remaining, ac_m, pv_m), _mul(ev_m, ev_m))))
        etc = _sub(eac, ac_m)
        vac = _sub(bac_m, eac)
        tcpi = safe_div(_sub(bac_m, ev_m), _sub(bac_m, ac_m))

        # Earned schedule.
        at_days: int | None = None
        es_exact: Decimal | None = None
        spi_t_exact: Decimal | None = None
        forecast_finish: datetime.date | None = None
        if planned_start is not None:
            at_days = (status_date - planned_start).days
            if ev_m is not None:
                es_exact = _earned_schedule_days(points, planned_start.toordinal(), ev_m)
            if at_days > 0:
                spi_t_exact = safe_div(es_exact, Decimal(at_days))
            if planned_end is not None and _is_defined_nonzero(spi_t_exact) and es_exact is not None:
                forecast_finish = _forecast_finish(planned_start, planned_end, at_days, es_exact)

        return EVMResult(
            bac=bac_m,
            pv=pv_m,
            ev=ev_m,
            ac=ac_m,
            sv=sv,
            cv=cv,
            spi=quantize_ratio(spi_exact),
            cpi=quantize_ratio(cpi_exact),
            eac=eac,
            eac_bac_cpi=eac_bac_cpi,
            eac_composite=eac_composite,
            etc=etc,
            vac=vac,
            tcpi=quantize_ratio(tcpi),
            percent_complete=pc,
            es=_quantize(es_exact, ES_PLACES),
            at_days=at_days,
            spi_t=quantize_ratio(spi_t_exact),
            forecast_finish=forecast_finish,
        )


def _forecast_finish(
    planned_start: datetime.date, planned_end: datetime.date, at_days: int, es_days: Decimal
) -> datetime.date | None:
    """``planned_start + planned duration / SPI(t)``, whole days rounded half up.

    Evaluated as ``duration × AT / ES`` (exact SPI(t)). ``None`` when the plan ends before it starts or
    the date would fall outside the representable range.
    """
    duration = (planned_end - planned_start).days
    if duration < 0:
        return None
    days = quantize_money(safe_div(Decimal(duration) * at_days, es_days))
    if days is None:
        return None
    try:
        return planned_start + datetime.timedelta(days=int(days))
    except (OverflowError, ValueError):
        return None
