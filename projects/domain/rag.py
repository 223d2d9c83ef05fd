"""Suggested RAG (red / amber / green, 信号) status from the numbers — pure Python, no Django.

SPEC "RAG": the portal *suggests* a RAG per dimension; the PM may override it with a comment.

============  ==========================  ==================  ==========================================
dimension     green                       amber               red
============  ==========================  ==================  ==========================================
schedule      SPI(t) (else SPI) >= 0.95   0.85 <= i < 0.95    i < 0.85, or a phase-gate milestone slipped
                                                              > 10 working days
cost          CPI >= 0.95                 0.85 <= CPI < 0.95  CPI < 0.85, or EAC > BAC × 1.10
quality       defects and pass rate       within 20 % of      worse
              within target               target
============  ==========================  ==================  ==========================================

Invariants:

* Every classifier returns ``None`` ("not determinable") when it has nothing to judge from; a red
  trigger that *is* known (gate slip, EAC overrun) still gives red even when the index is missing.
* Boundaries are inclusive on the good side: an index exactly equal to ``green_min`` is green, exactly
  ``amber_min`` is amber; a slip of exactly ``gate_slip_working_days`` and an EAC of exactly
  ``BAC × eac_overrun`` are not red.
* :func:`worst` / :func:`overall_rag` are order independent and idempotent and ignore ``None``.
* Thresholds are PMO settings (:class:`RagThresholds`, :meth:`RagThresholds.from_mapping`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, DecimalException
from typing import Any, ClassVar, Final, Literal

__all__ = [
    "AMBER",
    "DEFAULT_THRESHOLDS",
    "GREEN",
    "RAG",
    "RAG_ORDER",
    "RED",
    "RagThresholds",
    "cost_rag",
    "overall_rag",
    "quality_rag",
    "schedule_rag",
    "worst",
]

RAG = Literal["green", "amber", "red"]

GREEN: Final = "green"
AMBER: Final = "amber"
RED: Final = "red"

#: Severity order; a higher number is worse.
RAG_ORDER: Final[dict[str, int]] = {GREEN: 0, AMBER: 1, RED: 2}

_ONE: Final = Decimal(1)


def _to_decimal(value: Any, name: str) -> Decimal:
    """Coerce a setting value (Decimal, int, float, str) to a finite ``Decimal``; ``ValueError`` if not."""
    if isinstance(value, bool):
        raise ValueError(f"RAG threshold {name} must be a number, got {value!r}")
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (DecimalException, TypeError, ValueError) as exc:
        raise ValueError(f"RAG threshold {name} must be a number, got {value!r}") from exc
    if not result.is_finite():
        raise ValueError(f"RAG threshold {name} must be finite, got {value!r}")
    return result


def _to_int(value: Any, name: str) -> int:
    """Coerce a setting value to ``int`` (whole numbers only); ``ValueError`` if not."""
    number = _to_decimal(value, name)
    if number != number.to_integral_value():
        raise ValueError(f"RAG threshold {name} must be a whole number, got {value!r}")
    return int(number)


@dataclass(frozen=True)
class RagThresholds:
    """PMO-configurable RAG thresholds.

    * ``green_min``: index (SPI, SPI(t), CPI) at or above which the dimension is green.
    * ``amber_min``: index at or above which it is amber (below: red). ``amber_min <= green_min``.
    * ``eac_overrun``: cost is red when EAC > BAC × ``eac_overrun``.
    * ``gate_slip_working_days``: schedule is red when a phase-gate milestone slipped by *more* than
      this many working days.
    * ``quality_tolerance``: quality is amber (not red) within this fraction of its target.

    Values are coerced (``"0.9"``, ``0.9`` and ``Decimal("0.9")`` are all accepted) and validated;
    inconsistent settings raise ``ValueError``.
    """

    green_min: Decimal = Decimal("0.95")
    amber_min: Decimal = Decimal("0.85")
    eac_overrun: Decimal = Decimal("1.10")
    gate_slip_working_days: int = 10
    quality_tolerance: Decimal = Decimal("0.20")

    def __post_init__(self) -> None:
        for name in ("green_min", "amber_min", "eac_overrun", "quality_tolerance"):
            object.__setattr__(self, name, _to_decimal(getattr(self, name), name))
        object.__setattr__(
            self,
            "gate_slip_working_days",
            _to_int(self.gate_slip_working_days, "gate_slip_working_days"),
        )
        if self.amber_min < 0 or self.amber_min > self.green_min:
            raise ValueError("RAG thresholds need 0 <= AMBER_MIN <= GREEN_MIN")
        if self.eac_overrun < 0 or self.quality_tolerance < 0 or self.gate_slip_working_days < 0:
            raise ValueError("EAC_OVERRUN, QUALITY_TOLERANCE and GATE_SLIP_WORKING_DAYS must be >= 0")

    #: Setting key → field name, as used by :meth:`from_mapping`.
    KEYS: ClassVar[Mapping[str, str]] = {
        "GREEN_MIN": "green_min",
        "AMBER_MIN": "amber_min",
        "EAC_OVERRUN": "eac_overrun",
        "GATE_SLIP_WORKING_DAYS": "gate_slip_working_days",
        "QUALITY_TOLERANCE": "quality_tolerance",
    }

    @classmethod
    def from_mapping(cls, d: Mapping[str, Any] | None) -> RagThresholds:
        """Build thresholds from a settings dict, e.g. ``settings.PMO_RAG_THRESHOLDS``.

        Keys: ``GREEN_MIN``, ``AMBER_MIN``, ``EAC_OVERRUN``, ``GATE_SLIP_WORKING_DAYS``,
        ``QUALITY_TOLERANCE`` (the lower-case field names are accepted too). Missing keys or ``None``
        values keep the default; ``None`` or an empty mapping gives the defaults. Unknown keys are ignored.
        """
        if not d:
            return cls()
        kwargs: dict[str, Any] = {}
        for key, field_name in cls.KEYS.items():
            for candidate in (key, field_name):
                if candidate in d and d[candidate] is not None:
                    kwargs[field_name] = d[candidate]
                    break
        return cls(**kwargs)


DEFAULT_THRESHOLDS: Final = RagThresholds()


def _index_rag(index: Decimal, thresholds: RagThresholds) -> RAG:
    """Green at or above ``green_min``, amber at or above ``amber_min``, red below."""
    if index >= thresholds.green_min:
        return GREEN
    if index >= thresholds.amber_min:
        return AMBER
    return RED


def schedule_rag(
    *,
    spi: Decimal | None,
    spi_t: Decimal | None = None,
    max_gate_slip_working_days: int | None = None,
    thresholds: RagThresholds = DEFAULT_THRESHOLDS,
) -> RAG | None:
    """Schedule RAG from SPI(t) (preferred when not ``None``) or SPI, and the worst phase-gate slip.

    Red when the index is below ``amber_min`` or ``max_gate_slip_working_days`` exceeds
    ``gate_slip_working_days``; otherwise amber/green by the index. ``None`` when there is no index and
    no red slip.
    """
    if max_gate_slip_working_days is not None and max_gate_slip_working_days > thresholds.gate_slip_working_days:
        return RED
    index = spi_t if spi_t is not None else spi
    if index is None:
        return None
    return _index_rag(index, thresholds)


def cost_rag(
    *,
    cpi: Decimal | None,
    eac: Decimal | None = None,
    bac: Decimal | None = None,
    thresholds: RagThresholds = DEFAULT_THRESHOLDS,
) -> RAG | None:
    """Cost RAG from CPI, with red also when EAC > BAC × ``eac_overrun``.

    The overrun test needs both ``eac`` and ``bac`` (``is not None``; a zero BAC with a positive EAC is an
    overrun). ``None`` when CPI is missing and no overrun is known.
    """
    if eac is not None and bac is not None and eac > bac * thresholds.eac_overrun:
        return RED
    if cpi is None:
        return None
    return _index_rag(cpi, thresholds)


def quality_rag(
    *,
    open_defects: int | None,
    open_defects_target: int | None,
    test_pass_rate: Decimal | None,
    test_pass_rate_target: Decimal | None,
    thresholds: RagThresholds = DEFAULT_THRESHOLDS,
) -> RAG | None:
    """Quality RAG: the worse of the open-defect and test-pass-rate measures.

    * Open defects (lower is better): green when ``open <= target``, amber when
      ``open <= target × (1 + tolerance)``, red otherwise.
    * Test pass rate (higher is better, any unit as long as value and target agree): green when
      ``rate >= target``, amber when ``rate >= target × (1 − tolerance)``, red otherwise.

    A measure whose value or target is ``None`` is ignored; ``None`` when neither is measurable.
    """
    tolerance = thresholds.quality_tolerance
    defects: RAG | None = None
    if open_defects is not None and open_defects_target is not None:
        target = Decimal(open_defects_target)
        if open_defects <= target:
            defects = GREEN
        elif open_defects <= target * (_ONE + tolerance):
            defects = AMBER
        else:
            defects = RED
    pass_rate: RAG | None = None
    if test_pass_rate is not None and test_pass_rate_target is not None:
        if test_pass_rate >= test_pass_rate_target:
            pass_rate = GREEN
        elif test_pass_rate >= test_pass_rate_target * (_ONE - tolerance):
            pass_rate = AMBER
        else:
            pass_rate = RED
    return worst(defects, pass_rate)


def worst(*rags: RAG | None) -> RAG | None:
    """The worst (red > amber > green) of the given statuses, ignoring ``None`` and ``""``.

    ``None`` when nothing is given. Order independent and idempotent. Any other value raises
    ``ValueError`` (a programming error, e.g. ``"RED"`` or ``"yellow"``).
    """
    result: RAG | None = None
    for rag in rags:
        if rag is None or rag == "":
            continue
        if rag not in RAG_ORDER:
            raise ValueError(f"not a RAG status: {rag!r}")
        if result is None or RAG_ORDER[rag] > RAG_ORDER[result]:
            result = rag
    return result


def overall_rag(
    *,
    schedule: RAG | None,
    cost: RAG | None,
    quality: RAG | None,
    scope: RAG | None = None,
) -> RAG | None:
    """Suggested overall RAG = the worst of the dimensions (the PM may override it with a reason)."""
    return worst(schedule, cost, quality, scope)
