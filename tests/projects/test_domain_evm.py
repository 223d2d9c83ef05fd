"""Unit and property tests for the pure EVM domain code (no Django, no database)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projects.domain.evm import (
    EVMResult,
    compute_evm,
    pv_at,
    quantize_money,
    quantize_ratio,
    safe_div,
    working_days_between,
)

D = Decimal
START = datetime.date(2026, 4, 1)
MID = datetime.date(2026, 4, 11)  # day 10
END = datetime.date(2026, 4, 21)  # day 20
# Linear plan: 50,000 per day from START (0) to END (1,000,000).
CURVE = [(MID, D(500_000)), (END, D(1_000_000))]


def evm(**overrides: object) -> EVMResult:
    """compute_evm with the reference project's inputs, overridden as given."""
    kwargs: dict[str, object] = {
        "bac": D(1_000_000),
        "percent_complete": D(40),
        "pv_curve": CURVE,
        "ac_to_date": D(450_000),
        "status_date": MID,
        "planned_start": START,
        "planned_end": END,
    }
    kwargs.update(overrides)
    return compute_evm(**kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# safe_div and rounding helpers
# --------------------------------------------------------------------------------------------------


class TestSafeDiv:
    def test_ordinary(self) -> None:
        assert safe_div(D(1), D(4)) == D("0.25")

    @pytest.mark.parametrize(
        ("a", "b"),
        [(D(1), D(0)), (D(1), D("0.00")), (D(1), None), (None, D(1)), (None, None), (D(0), D(0))],
    )
    def test_not_defined(self, a: Decimal | None, b: Decimal | None) -> None:
        assert safe_div(a, b) is None

    def test_non_finite_operands_are_not_defined(self) -> None:
        assert safe_div(D("Infinity"), D(1)) is None
        assert safe_div(D(1), D("NaN")) is None

    def test_zero_numerator_is_zero(self) -> None:
        assert safe_div(D(0), D(5)) == 0


def test_rounding_is_half_up_and_never_negative_zero() -> None:
    assert quantize_money(D("0.5")) == D(1)
    assert quantize_money(D("-0.5")) == D(-1)
    assert quantize_money(D("2.5")) == D(3)  # not banker's rounding
    assert quantize_ratio(D("0.88885")) == D("0.8889")
    assert quantize_ratio(D("-0.00001")).is_signed() is False  # type: ignore[union-attr]
    assert str(quantize_ratio(D("-0.00001"))) == "0.0000"
    assert quantize_money(None) is None
    assert quantize_money(D("1E+40")) == D("1E+40")  # wider than the default 28-digit context


# --------------------------------------------------------------------------------------------------
# working_days_between
# --------------------------------------------------------------------------------------------------


class TestWorkingDays:
    FRI = datetime.date(2026, 11, 20)
    SAT = datetime.date(2026, 11, 21)
    SUN = datetime.date(2026, 11, 22)
    MON = datetime.date(2026, 11, 23)

    def test_same_day_is_zero(self) -> None:
        assert working_days_between(self.MON, self.MON) == 0

    def test_friday_to_monday_is_one(self) -> None:
        assert working_days_between(self.FRI, self.MON) == 1

    def test_weekend_only_is_zero(self) -> None:
        assert working_days_between(self.FRI, self.SUN) == 0
        assert working_days_between(self.SAT, self.SUN) == 0

    def test_one_week_is_five(self) -> None:
        assert working_days_between(self.MON, self.MON + datetime.timedelta(days=7)) == 5

    def test_two_weeks_and_a_day(self) -> None:
        # Mon → Tue two weeks later: 10 + 1
        assert working_days_between(self.MON, self.MON + datetime.timedelta(days=15)) == 11

    def test_negative_when_earlier(self) -> None:
        assert working_days_between(self.MON, self.FRI) == -1

    @given(
        a=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)),
        span=st.integers(min_value=-400, max_value=400),
    )
    def test_matches_brute_force_and_is_antisymmetric(self, a: datetime.date, span: int) -> None:
        b = a + datetime.timedelta(days=span)
        lo, hi = min(a, b), max(a, b)
        brute = sum(1 for n in range(1, (hi - lo).days + 1) if (lo + datetime.timedelta(days=n)).weekday() < 5)
        expected = brute if b >= a else -brute
        assert working_days_between(a, b) == expected
        assert working_days_between(b, a) == -expected


# --------------------------------------------------------------------------------------------------
# pv_at
# --------------------------------------------------------------------------------------------------


class TestPvAt:
    def test_before_start_is_zero(self) -> None:
        assert pv_at(CURVE, START, datetime.date(2026, 3, 1)) == 0

    def test_at_start_is_zero(self) -> None:
        assert pv_at(CURVE, START, START) == 0

    def test_interpolates_from_start(self) -> None:
        assert pv_at(CURVE, START, datetime.date(2026, 4, 5)) == D(200_000)  # 4 days × 50,000

    def test_at_a_point_is_its_value(self) -> None:
        assert pv_at(CURVE, START, MID) == D(500_000)

    def test_between_points(self) -> None:
        assert pv_at(CURVE, START, datetime.date(2026, 4, 16)) == D(750_000)

    def test_after_last_point_is_last_value(self) -> None:
        assert pv_at(CURVE, START, datetime.date(2027, 1, 1)) == D(1_000_000)

    def test_empty_curve_is_zero(self) -> None:
        assert pv_at([], START, MID) == 0

    def test_without_planned_start_zero_before_first_point(self) -> None:
        assert pv_at(CURVE, None, datetime.date(2026, 4, 10)) == 0
        assert pv_at(CURVE, None, MID) == D(500_000)
        assert pv_at(CURVE, None, datetime.date(2026, 4, 16)) == D(750_000)

    def test_month_end_curve(self) -> None:
        curve = [
            (datetime.date(2026, 4, 30), D(300_000)),
            (datetime.date(2026, 5, 31), D(610_000)),
        ]
        # 2026-05-15: 15 of the 31 days from 04-30 to 05-31 → 300,000 + 310,000 × 15/31 = 450,000
        assert pv_at(curve, datetime.date(2026, 4, 1), datetime.date(2026, 5, 15)) == D(450_000)
        # 2026-04-16: 15 of 29 days from the start → 300,000 × 15/29 = 155,172.41… → 155,172
        assert pv_at(curve, datetime.date(2026, 4, 1), datetime.date(2026, 4, 16)) == D(155_172)

    def test_unsorted_and_duplicate_dates(self) -> None:
        curve = [(END, D(1_000_000)), (MID, D(400_000)), (MID, D(500_000))]
        assert pv_at(curve, START, MID) == D(500_000)  # last value for a date wins
        assert pv_at(curve, START, datetime.date(2026, 4, 16)) == D(750_000)

    def test_planned_start_on_first_point_uses_point_value(self) -> None:
        assert pv_at(CURVE, MID, MID) == D(500_000)

    def test_rounds_half_up_to_yen(self) -> None:
        curve = [(datetime.date(2026, 4, 3), D(3))]  # 1.5 per day
        assert pv_at(curve, START, datetime.date(2026, 4, 2)) == D(2)

    @given(
        increments=st.lists(
            st.tuples(
                st.integers(min_value=1, max_value=60),
                st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
            ),
            max_size=15,
        ),
        first=st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2026, 12, 31)),
        with_start=st.booleans(),
        d1=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2029, 12, 31)),
        d2=st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2029, 12, 31)),
    )
    def test_monotone_for_monotone_curve(
        self,
        increments: list[tuple[int, Decimal]],
        first: datetime.date,
        with_start: bool,
        d1: datetime.date,
        d2: datetime.date,
    ) -> None:
        curve: list[tuple[datetime.date, Decimal]] = []
        when, total = first, D(0)
        for gap, amount in increments:
            when += datetime.timedelta(days=gap)
            total += amount
            curve.append((when, total))
        start = first if with_start else None
        lo, hi = min(d1, d2), max(d1, d2)
        pv_lo, pv_hi = pv_at(curve, start, lo), pv_at(curve, start, hi)
        assert D(0) <= pv_lo <= pv_hi <= quantize_money(total)  # type: ignore[operator]


# --------------------------------------------------------------------------------------------------
# compute_evm — the worked example
# --------------------------------------------------------------------------------------------------


class TestReferenceProject:
    """BAC 1,000,000; 40 % complete; PV 500,000; AC 450,000; day 10 of a 20-day linear plan."""

    def test_money(self) -> None:
        r = evm()
        assert (r.bac, r.pv, r.ev, r.ac) == (D(1_000_000), D(500_000), D(400_000), D(450_000))
        assert r.sv == D(-100_000)
        assert r.cv == D(-50_000)

    def test_indices(self) -> None:
        r = evm()
        assert r.spi == D("0.8000")
        assert r.cpi == D("0.8889")  # 8/9
        assert r.tcpi == D("1.0909")  # 600,000 / 550,000

    def test_estimates(self) -> None:
        r = evm()
        assert r.eac == D(1_125_000)  # 450,000 + 600,000 / (8/9), exact CPI not 0.8889
        assert r.eac_bac_cpi == D(1_125_000)  # 1,000,000 × 9/8
        assert r.eac_composite == D(1_293_750)  # 450,000 + 600,000 / (8/9 × 4/5)
        assert r.etc == D(675_000)
        assert r.vac == D(-125_000)

    def test_earned_schedule(self) -> None:
        r = evm()
        assert r.percent_complete == D(40)
        assert r.es == D("8.00")  # PV reaches 400,000 on day 8
        assert r.at_days == 10
        assert r.spi_t == D("0.8000")
        assert r.forecast_finish == datetime.date(2026, 4, 26)  # START + 20 / 0.8 = 25 days

    def test_identities_hold_on_rounded_values(self) -> None:
        r = evm(percent_complete=D("37.3"), ac_to_date=D("412345.67"))
        assert r.ev == D(373_000)
        assert r.ac == D(412_346)
        assert r.sv == r.ev - r.pv  # type: ignore[operator]
        assert r.cv == r.ev - r.ac  # type: ignore[operator]
        assert r.etc == r.eac - r.ac  # type: ignore[operator]
        assert r.vac == r.bac - r.eac  # type: ignore[operator]

    def test_result_is_frozen(self) -> None:
        r = evm()
        with pytest.raises(AttributeError):
            r.spi = D(1)  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# compute_evm — edge cases
# --------------------------------------------------------------------------------------------------


class TestEdgeCases:
    def test_no_plan_yet(self) -> None:
        r = evm(pv_curve=[])
        assert r.pv == 0
        assert r.spi is None
        assert r.sv == D(400_000)
        assert r.es is None
        assert r.spi_t is None
        assert r.forecast_finish is None
        assert r.eac_composite is None  # needs SPI
        assert r.cpi == D("0.8889")  # cost side unaffected
        assert r.eac == D(1_125_000)

    def test_zero_ac(self) -> None:
        r = evm(ac_to_date=D(0))
        assert r.ac == 0
        assert r.cv == D(400_000)
        assert r.cpi is None
        assert (r.eac, r.eac_bac_cpi, r.eac_composite, r.etc, r.vac) == (None,) * 5
        assert r.tcpi == D("0.6000")  # 600,000 / 1,000,000

    def test_missing_ac(self) -> None:
        r = evm(ac_to_date=None)
        assert (r.ac, r.cv, r.cpi, r.eac, r.etc, r.vac, r.tcpi) == (None,) * 7
        assert r.spi == D("0.8000")

    def test_missing_percent_complete(self) -> None:
        r = evm(percent_complete=None)
        assert (r.ev, r.sv, r.cv, r.spi, r.cpi, r.eac, r.tcpi, r.es, r.spi_t) == (None,) * 9
        assert r.pv == D(500_000)
        assert r.at_days == 10

    def test_zero_bac(self) -> None:
        r = evm(bac=D(0), pv_curve=[])
        assert r.ev == 0
        assert r.cpi == D("0.0000")  # EV 0 over AC 450,000
        assert r.eac is None  # CPI of zero: (BAC − EV) / CPI not defined
        assert r.eac_bac_cpi is None
        assert r.tcpi == D("0.0000")
        assert not r.tcpi.is_signed()  # type: ignore[union-attr]

    def test_not_started(self) -> None:
        r = evm(status_date=datetime.date(2026, 3, 25), percent_complete=D(0), ac_to_date=D(0))
        assert r.pv == 0
        assert r.ev == 0
        assert r.sv == 0
        assert r.spi is None
        assert r.cpi is None
        assert r.at_days == -7
        assert r.es == D("0.00")
        assert r.spi_t is None
        assert r.forecast_finish is None
        assert r.tcpi == D("1.0000")

    def test_start_day_itself(self) -> None:
        r = evm(status_date=START, percent_complete=D(0), ac_to_date=D(0))
        assert r.at_days == 0
        assert r.spi_t is None

    def test_nothing_earned_after_start(self) -> None:
        r = evm(percent_complete=D(0))
        assert r.es == D("0.00")
        assert r.spi_t == D("0.0000")
        assert r.forecast_finish is None  # duration / 0 is not defined
        assert r.cpi == D("0.0000")
        assert r.eac is None

    def test_complete(self) -> None:
        r = evm(percent_complete=D(100), status_date=END, ac_to_date=D(980_000))
        assert r.ev == D(1_000_000)
        assert r.spi == D("1.0000")
        assert r.es == D("20.00")
        assert r.spi_t == D("1.0000")
        assert r.forecast_finish == END
        assert r.etc == 0
        assert r.eac == D(980_000)
        assert r.tcpi == D("0.0000")

    def test_complete_late_and_status_after_plan_end(self) -> None:
        status = datetime.date(2026, 5, 1)  # day 30, plan ended on day 20
        r = evm(percent_complete=D(100), status_date=status, ac_to_date=D(1_000_000))
        assert r.pv == D(1_000_000)  # the last value after the plan end
        assert r.spi == D("1.0000")  # SPI recovers to 1 at completion …
        assert r.es == D("20.00")  # … but ES is capped at the planned duration
        assert r.at_days == 30
        assert r.spi_t == D("0.6667")
        assert r.forecast_finish == status
        assert r.tcpi is None  # BAC − AC = 0

    def test_behind_after_plan_end(self) -> None:
        r = evm(status_date=datetime.date(2026, 5, 1), percent_complete=D(80))
        assert r.pv == D(1_000_000)
        assert r.spi == D("0.8000")
        assert r.es == D("16.00")
        assert r.spi_t == D("0.5333")  # 16 / 30
        assert r.forecast_finish == START + datetime.timedelta(days=38)  # 20 × 30 / 16 = 37.5 → 38

    def test_ahead_of_schedule(self) -> None:
        r = evm(percent_complete=D(60))
        assert r.spi == D("1.2000")
        assert r.es == D("12.00")
        assert r.spi_t == D("1.2000")
        assert r.forecast_finish == START + datetime.timedelta(days=17)  # 16.67 → 17

    def test_earned_more_than_plan_total_is_capped(self) -> None:
        r = evm(pv_curve=[(MID, D(100_000)), (END, D(200_000))], percent_complete=D(50))
        assert r.es == D("20.00")

    def test_percent_complete_is_clamped(self) -> None:
        assert evm(percent_complete=D(150)).percent_complete == D(100)
        assert evm(percent_complete=D(-5)).percent_complete == D(0)

    def test_no_planned_start(self) -> None:
        r = evm(planned_start=None)
        assert r.pv == D(500_000)
        assert (r.at_days, r.es, r.spi_t, r.forecast_finish) == (None, None, None, None)

    def test_no_planned_end(self) -> None:
        r = evm(planned_end=None)
        assert r.spi_t == D("0.8000")
        assert r.forecast_finish is None

    def test_flat_zero_plan(self) -> None:
        r = evm(pv_curve=[(MID, D(0)), (END, D(0))])
        assert r.pv == 0
        assert r.spi is None
        assert r.es is None
        assert r.spi_t is None

    def test_int_and_float_inputs_are_accepted(self) -> None:
        r = evm(bac=1_000_000, percent_complete=40.0, ac_to_date=450_000)
        assert r == evm()

    def test_fractional_money_rounds_half_up(self) -> None:
        r = evm(bac=D(1001), percent_complete=D(50), pv_curve=[], ac_to_date=D("0.5"))
        assert r.ev == D(501)  # 500.5 → 501
        assert r.ac == D(1)


# --------------------------------------------------------------------------------------------------
# compute_evm — properties
# --------------------------------------------------------------------------------------------------

money = st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)
percent = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
some_date = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2032, 12, 31))
curves = st.lists(st.tuples(some_date, money), max_size=12)


def _is_finite_non_negative(value: Decimal | None) -> bool:
    return value is None or (value.is_finite() and value >= 0)


@given(
    bac=money,
    percent_complete=st.none() | percent,
    pv_curve=curves,
    ac_to_date=st.none() | money,
    status_date=some_date,
    planned_start=st.none() | some_date,
    planned_end=st.none() | some_date,
)
def test_never_raises_and_ratios_are_finite(
    bac: Decimal,
    percent_complete: Decimal | None,
    pv_curve: list[tuple[datetime.date, Decimal]],
    ac_to_date: Decimal | None,
    status_date: datetime.date,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
) -> None:
    r = compute_evm(
        bac=bac,
        percent_complete=percent_complete,
        pv_curve=pv_curve,
        ac_to_date=ac_to_date,
        status_date=status_date,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    assert _is_finite_non_negative(r.spi)
    assert _is_finite_non_negative(r.cpi)
    assert _is_finite_non_negative(r.spi_t)
    assert _is_finite_non_negative(r.es)
    assert _is_finite_non_negative(r.pv)
    for name in ("sv", "cv", "eac", "eac_bac_cpi", "eac_composite", "etc", "vac", "tcpi"):
        value = getattr(r, name)
        assert value is None or value.is_finite(), name
    if r.percent_complete is not None:
        assert 0 <= r.percent_complete <= 100
    if r.spi_t is not None:
        assert r.at_days is not None and r.at_days > 0


@given(
    bac=money,
    percent_complete=percent,
    total=st.integers(min_value=1, max_value=10**10),
    duration=st.integers(min_value=1, max_value=1000),
    offset=st.integers(min_value=-100, max_value=2000),
)
def test_linear_plan_earned_schedule(
    bac: Decimal, percent_complete: Decimal, total: int, duration: int, offset: int
) -> None:
    """On a plan that reaches its total, ES lies in [0, duration]; AT and the sign of SV/ES agree."""
    end = START + datetime.timedelta(days=duration)
    status = START + datetime.timedelta(days=offset)
    r = compute_evm(
        bac=bac,
        percent_complete=percent_complete,
        pv_curve=[(end, D(total))],
        ac_to_date=D(1),
        status_date=status,
        planned_start=START,
        planned_end=end,
    )
    assert r.at_days == offset
    assert r.es is not None
    assert 0 <= r.es <= duration
    if r.spi_t is not None:
        assert offset > 0
        assert r.forecast_finish is None or r.forecast_finish >= START
