"""Unit and property tests for the pure RAG domain code (no Django, no database)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from projects.domain.rag import (
    AMBER,
    GREEN,
    RAG,
    RAG_ORDER,
    RED,
    RagThresholds,
    cost_rag,
    overall_rag,
    quality_rag,
    schedule_rag,
    worst,
)

D = Decimal


def test_constants() -> None:
    assert (GREEN, AMBER, RED) == ("green", "amber", "red")
    assert RAG_ORDER == {"green": 0, "amber": 1, "red": 2}


# --------------------------------------------------------------------------------------------------
# Thresholds
# --------------------------------------------------------------------------------------------------


class TestThresholds:
    def test_defaults(self) -> None:
        t = RagThresholds()
        assert t.green_min == D("0.95")
        assert t.amber_min == D("0.85")
        assert t.eac_overrun == D("1.10")
        assert t.gate_slip_working_days == 10
        assert t.quality_tolerance == D("0.20")

    @pytest.mark.parametrize("mapping", [None, {}])
    def test_from_empty_mapping_is_default(self, mapping: dict[str, object] | None) -> None:
        assert RagThresholds.from_mapping(mapping) == RagThresholds()

    def test_from_mapping_overrides_and_keeps_missing_defaults(self) -> None:
        t = RagThresholds.from_mapping({"GREEN_MIN": "0.97", "GATE_SLIP_WORKING_DAYS": 5, "OTHER": 1})
        assert t.green_min == D("0.97")
        assert t.gate_slip_working_days == 5
        assert t.amber_min == D("0.85")
        assert t.eac_overrun == D("1.10")
        assert t.quality_tolerance == D("0.20")

    def test_from_mapping_all_keys_and_coercion(self) -> None:
        t = RagThresholds.from_mapping(
            {
                "GREEN_MIN": 0.9,
                "AMBER_MIN": D("0.8"),
                "EAC_OVERRUN": "1.05",
                "GATE_SLIP_WORKING_DAYS": "15",
                "QUALITY_TOLERANCE": 0.1,
            }
        )
        assert t == RagThresholds(
            green_min=D("0.9"),
            amber_min=D("0.8"),
            eac_overrun=D("1.05"),
            gate_slip_working_days=15,
            quality_tolerance=D("0.1"),
        )

    def test_from_mapping_none_value_keeps_default(self) -> None:
        assert RagThresholds.from_mapping({"GREEN_MIN": None}).green_min == D("0.95")

    @pytest.mark.parametrize(
        "mapping",
        [
            {"AMBER_MIN": "0.99"},  # above GREEN_MIN
            {"GREEN_MIN": "abc"},
            {"GATE_SLIP_WORKING_DAYS": "1.5"},
            {"GATE_SLIP_WORKING_DAYS": -1},
            {"QUALITY_TOLERANCE": "NaN"},
        ],
    )
    def test_invalid_settings_are_rejected(self, mapping: dict[str, object]) -> None:
        with pytest.raises(ValueError):
            RagThresholds.from_mapping(mapping)

    def test_custom_thresholds_are_used(self) -> None:
        strict = RagThresholds(green_min=D("0.99"), amber_min=D("0.9"), gate_slip_working_days=3)
        assert schedule_rag(spi=D("0.95"), thresholds=strict) == AMBER
        assert schedule_rag(spi=D("0.95"), max_gate_slip_working_days=4, thresholds=strict) == RED
        assert cost_rag(cpi=D("0.89"), thresholds=strict) == RED


# --------------------------------------------------------------------------------------------------
# Schedule
# --------------------------------------------------------------------------------------------------


class TestScheduleRag:
    @pytest.mark.parametrize(
        ("spi", "expected"),
        [
            (D("1.2000"), GREEN),
            (D("0.9500"), GREEN),
            (D("0.9499"), AMBER),
            (D("0.8500"), AMBER),
            (D("0.8499"), RED),
            (D("0"), RED),
        ],
    )
    def test_index_boundaries(self, spi: Decimal, expected: RAG) -> None:
        assert schedule_rag(spi=spi) == expected

    def test_spi_t_takes_precedence(self) -> None:
        assert schedule_rag(spi=D("1.0"), spi_t=D("0.80")) == RED
        assert schedule_rag(spi=D("0.80"), spi_t=D("0.96")) == GREEN

    def test_falls_back_to_spi(self) -> None:
        assert schedule_rag(spi=D("0.90"), spi_t=None) == AMBER

    def test_gate_slip_boundary(self) -> None:
        assert schedule_rag(spi=D("1.0"), max_gate_slip_working_days=10) == GREEN
        assert schedule_rag(spi=D("1.0"), max_gate_slip_working_days=11) == RED

    def test_early_gate_is_not_a_slip(self) -> None:
        assert schedule_rag(spi=D("1.0"), max_gate_slip_working_days=-20) == GREEN

    def test_not_determinable(self) -> None:
        assert schedule_rag(spi=None) is None
        assert schedule_rag(spi=None, spi_t=None, max_gate_slip_working_days=3) is None

    def test_slip_alone_makes_red(self) -> None:
        assert schedule_rag(spi=None, max_gate_slip_working_days=11) == RED


# --------------------------------------------------------------------------------------------------
# Cost
# --------------------------------------------------------------------------------------------------


class TestCostRag:
    @pytest.mark.parametrize(
        ("cpi", "expected"),
        [(D("0.95"), GREEN), (D("0.9499"), AMBER), (D("0.85"), AMBER), (D("0.8499"), RED)],
    )
    def test_index_boundaries(self, cpi: Decimal, expected: RAG) -> None:
        assert cost_rag(cpi=cpi) == expected

    def test_eac_overrun_boundary(self) -> None:
        bac = D(1_000_000)
        assert cost_rag(cpi=D("1.0"), eac=D(1_100_000), bac=bac) == GREEN  # exactly 1.10 × BAC
        assert cost_rag(cpi=D("1.0"), eac=D(1_100_001), bac=bac) == RED

    def test_overrun_without_cpi(self) -> None:
        assert cost_rag(cpi=None, eac=D(2_000_000), bac=D(1_000_000)) == RED

    def test_overrun_needs_both_eac_and_bac(self) -> None:
        assert cost_rag(cpi=D("0.9"), eac=D(2_000_000), bac=None) == AMBER
        assert cost_rag(cpi=D("0.9"), eac=None, bac=D(1)) == AMBER

    def test_not_determinable(self) -> None:
        assert cost_rag(cpi=None) is None
        assert cost_rag(cpi=None, eac=D(1_000_000), bac=D(1_000_000)) is None

    def test_reference_project(self) -> None:
        # CPI 0.8889, EAC 1,125,000 on BAC 1,000,000 (12.5 % overrun) → red by EAC
        assert cost_rag(cpi=D("0.8889"), eac=D(1_125_000), bac=D(1_000_000)) == RED


# --------------------------------------------------------------------------------------------------
# Quality
# --------------------------------------------------------------------------------------------------


class TestQualityRag:
    @staticmethod
    def q(
        open_defects: int | None = None,
        open_target: int | None = None,
        rate: Decimal | None = None,
        rate_target: Decimal | None = None,
    ) -> RAG | None:
        return quality_rag(
            open_defects=open_defects,
            open_defects_target=open_target,
            test_pass_rate=rate,
            test_pass_rate_target=rate_target,
        )

    @pytest.mark.parametrize(
        ("open_defects", "expected"),
        [(0, GREEN), (10, GREEN), (11, AMBER), (12, AMBER), (13, RED)],
    )
    def test_open_defects(self, open_defects: int, expected: RAG) -> None:
        assert self.q(open_defects, 10) == expected  # amber up to 10 × 1.2 = 12

    def test_zero_defect_target(self) -> None:
        assert self.q(0, 0) == GREEN
        assert self.q(1, 0) == RED

    @pytest.mark.parametrize(
        ("rate", "expected"),
        [(D("1.00"), GREEN), (D("0.95"), GREEN), (D("0.94"), AMBER), (D("0.76"), AMBER), (D("0.7599"), RED)],
    )
    def test_pass_rate(self, rate: Decimal, expected: RAG) -> None:
        assert self.q(rate=rate, rate_target=D("0.95")) == expected  # amber down to 0.95 × 0.8 = 0.76

    def test_pass_rate_in_percent(self) -> None:
        assert self.q(rate=D(80), rate_target=D(95)) == AMBER

    def test_worse_of_the_two(self) -> None:
        assert self.q(5, 10, D("0.5"), D("0.95")) == RED
        assert self.q(11, 10, D("0.99"), D("0.95")) == AMBER
        assert self.q(3, 10, D("0.99"), D("0.95")) == GREEN

    def test_measure_without_target_is_ignored(self) -> None:
        assert self.q(100, None, D("0.99"), D("0.95")) == GREEN
        assert self.q(5, 10, D("0.10"), None) == GREEN
        assert self.q(None, 10, D("0.80"), D("0.95")) == AMBER

    def test_nothing_measurable(self) -> None:
        assert self.q() is None
        assert self.q(5, None, None, D("0.9")) is None

    def test_custom_tolerance(self) -> None:
        t = RagThresholds(quality_tolerance=D("0.5"))
        result = quality_rag(
            open_defects=15,
            open_defects_target=10,
            test_pass_rate=None,
            test_pass_rate_target=None,
            thresholds=t,
        )
        assert result == AMBER  # 15 <= 10 × 1.5


# --------------------------------------------------------------------------------------------------
# worst / overall
# --------------------------------------------------------------------------------------------------

rag_or_none = st.sampled_from([GREEN, AMBER, RED, None])


class TestWorst:
    def test_examples(self) -> None:
        assert worst() is None
        assert worst(None, None) is None
        assert worst(GREEN) == GREEN
        assert worst(GREEN, AMBER) == AMBER
        assert worst(None, RED, GREEN, AMBER) == RED

    def test_blank_is_ignored(self) -> None:
        assert worst("", GREEN) == GREEN  # type: ignore[arg-type]

    def test_unknown_value_is_an_error(self) -> None:
        with pytest.raises(ValueError):
            worst(GREEN, "yellow")  # type: ignore[arg-type]

    @given(st.lists(rag_or_none, max_size=8), st.randoms())
    def test_order_independent(self, rags: list[RAG | None], rnd: random.Random) -> None:
        shuffled = list(rags)
        rnd.shuffle(shuffled)
        assert worst(*rags) == worst(*shuffled)

    @given(st.lists(rag_or_none, max_size=8))
    def test_idempotent_and_dominant(self, rags: list[RAG | None]) -> None:
        w = worst(*rags)
        assert worst(w, w) == w
        assert worst(*rags, w) == w
        assert worst(*rags, *rags) == w
        present = [r for r in rags if r is not None]
        if present:
            assert w in present
            assert all(RAG_ORDER[w] >= RAG_ORDER[r] for r in present)  # type: ignore[index]
        else:
            assert w is None


class TestOverall:
    def test_worst_dimension(self) -> None:
        assert overall_rag(schedule=GREEN, cost=AMBER, quality=GREEN) == AMBER
        assert overall_rag(schedule=GREEN, cost=GREEN, quality=GREEN, scope=RED) == RED
        assert overall_rag(schedule=None, cost=None, quality=None) is None
        assert overall_rag(schedule=None, cost=GREEN, quality=None) == GREEN

    @given(rag_or_none, rag_or_none, rag_or_none, rag_or_none)
    def test_equals_worst(self, s: RAG | None, c: RAG | None, q: RAG | None, sc: RAG | None) -> None:
        assert overall_rag(schedule=s, cost=c, quality=q, scope=sc) == worst(s, c, q, sc)


# --------------------------------------------------------------------------------------------------
# Classifier properties
# --------------------------------------------------------------------------------------------------

index = st.none() | st.decimals(min_value=0, max_value=10, places=4, allow_nan=False, allow_infinity=False)


@given(spi=index, spi_t=index, slip=st.none() | st.integers(min_value=-100, max_value=100))
def test_schedule_rag_is_total_and_monotone_in_slip(
    spi: Decimal | None, spi_t: Decimal | None, slip: int | None
) -> None:
    result = schedule_rag(spi=spi, spi_t=spi_t, max_gate_slip_working_days=slip)
    assert result in (None, GREEN, AMBER, RED)
    if slip is not None:
        worse = schedule_rag(spi=spi, spi_t=spi_t, max_gate_slip_working_days=slip + 1)
        assert result is None or RAG_ORDER[worse] >= RAG_ORDER[result]  # type: ignore[index]


@given(lo=index, hi=index)
def test_index_classification_is_monotone(lo: Decimal | None, hi: Decimal | None) -> None:
    if lo is None or hi is None:
        return
    lo, hi = min(lo, hi), max(lo, hi)
    for classify in (lambda i: schedule_rag(spi=i), lambda i: cost_rag(cpi=i)):
        assert RAG_ORDER[classify(lo)] >= RAG_ORDER[classify(hi)]
