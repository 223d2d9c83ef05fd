"""The plan of the demo portfolio: dates, budgets and performance, all in memory (pure math, nothing written).

* Each project gets a BAC, a planned start/end and a monthly cost plan shaped like an S-curve (``smoothstep``),
  from which PV is read exactly as ``projects.evaluation`` reads it.
* A health *profile* (catalog) gives the project an SPI and a CPI that drift from 1.0 towards a final value
  (a "recovering" project dips about three months ago). % complete = SPI × PV / BAC, never decreasing;
  AC = EV / CPI. Monthly cost actuals are booked for the months that have ended, and each weekly report's
  ``actual_cost_to_date`` equals their sum at month ends (linear within a month).
* ``random.Random(seed)`` drives every choice: the same seed on the same day gives the same portfolio.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from projects import weeks
from projects.demo import catalog
from projects.demo.catalog import ProjectSpec
from projects.domain import evm
from projects.evaluation import month_end
from projects.models import Phase, ProjectState, ProjectType

HISTORY_WEEKS = 26


# -- Small date and number helpers ----------------------------------------------------------------------


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    out, month = [], first_of_month(start)
    while month <= end:
        out.append(month)
        month = add_months(month, 1)
    return out


def weekday_on_or_before(day: dt.date) -> dt.date:
    """Saturday and Sunday move back to Friday."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def smoothstep(x: float) -> float:
    """The S-curve of cumulative planned cost over the planned duration (0 → 0, 1 → 1)."""
    x = min(max(x, 0.0), 1.0)
    return x * x * (3 - 2 * x)


def inverse_smoothstep(y: float) -> float:
    lo, hi = 0.0, 1.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if smoothstep(mid) < y:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def round_to(value: float, unit: int = 1000) -> int:
    return int(round(value / unit)) * unit


PHASE_BY_EARNED_TIME = (
    (0.06, Phase.INITIATION),
    (0.20, Phase.REQUIREMENTS),
    (0.35, Phase.DESIGN),
    (0.65, Phase.BUILD),
    (0.85, Phase.TEST),
    (0.97, Phase.DEPLOYMENT),
)


def phase_for(percent_complete: float) -> str:
    """The phase a project is in when it has earned ``percent_complete`` of its plan (milestone fractions)."""
    if percent_complete >= 99.95:
        return Phase.CLOSURE
    earned_time = inverse_smoothstep(percent_complete / 100)
    for limit, phase in PHASE_BY_EARNED_TIME:
        if earned_time < limit:
            return phase
    return Phase.CLOSURE


# -- The plan of one project -------------------------------------------------------------------------------


@dataclass
class Performance:
    """SPI and CPI over time: drift from 1.0 to the final values within ~14 weeks, a small weekly wobble,
    and for a recovering project a dip centred about 11 weeks before today."""

    spi_final: float
    cpi_final: float
    spi_dip: float = 0.0
    wobble: float = 0.0

    def _shape(self, final: float, weeks_in: float, weeks_ago: float, dip: float, salt: float) -> float:
        ramp = min(1.0, max(weeks_in, 0.0) / 14)
        value = 1 + (final - 1) * ramp
        value -= dip * math.exp(-(((weeks_ago - 11) / 4.5) ** 2))
        value += 0.012 * math.sin(weeks_in * 1.7 + self.wobble + salt)
        return max(value, 0.3)

    def spi(self, weeks_in: float, weeks_ago: float) -> float:
        return self._shape(self.spi_final, weeks_in, weeks_ago, self.spi_dip, 0.0)

    def cpi(self, weeks_in: float, weeks_ago: float) -> float:
        return self._shape(self.cpi_final, weeks_in, weeks_ago, self.spi_dip * 0.4, 1.3)


PROFILES: dict[str, tuple[tuple[float, float], tuple[float, float], float]] = {
    # profile: (final SPI range, final CPI range, dip)
    catalog.ON_TRACK: ((0.98, 1.04), (0.98, 1.05), 0.0),
    catalog.SCHEDULE_SLIP: ((0.84, 0.90), (0.96, 1.02), 0.0),
    catalog.COST_OVERRUN: ((0.97, 1.02), (0.88, 0.94), 0.0),
    catalog.TROUBLED: ((0.74, 0.80), (0.78, 0.83), 0.0),
    catalog.RECOVERING: ((0.98, 1.01), (0.97, 1.01), 0.16),
}
BAC_RANGES_M = {  # million yen
    ProjectType.SYSTEM_DEVELOPMENT: (80, 500),
    ProjectType.INFRASTRUCTURE: (30, 300),
    ProjectType.BUSINESS_PROCESS: (20, 150),
    ProjectType.RND: (20, 80),
}
DURATION_MONTHS = {
    ProjectType.SYSTEM_DEVELOPMENT: (12, 20),
    ProjectType.INFRASTRUCTURE: (9, 16),
    ProjectType.BUSINESS_PROCESS: (9, 14),
    ProjectType.RND: (7, 10),
}


@dataclass
class ProjectPlan:
    index: int
    spec: ProjectSpec
    code: str
    name: str
    start: dt.date
    end: dt.date
    bac: int
    perf: Performance
    created_on: dt.date
    open_defects_target: int
    test_pass_rate_target: Decimal
    quality_factor: float
    first_bac: int | None = None
    first_end: dt.date | None = None
    rebaseline_on: dt.date | None = None
    hold_on: dt.date | None = None
    keep_current_week_open: bool = False
    returned_last_week: bool = False
    monthly_plan: list[tuple[dt.date, int]] = field(default_factory=list)
    curve: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    booked: list[tuple[dt.date, int]] = field(default_factory=list)
    booked_cum: list[tuple[dt.date, int]] = field(default_factory=list)
    report_weeks: list[str] = field(default_factory=list)
    percent: dict[str, Decimal] = field(default_factory=dict)
    actual: dict[str, Decimal] = field(default_factory=dict)
    project: Any = None  # the Project, once written
    pm: Any = None
    deputy: Any = None
    members: list[Any] = field(default_factory=list)
    reports: dict[str, Any] = field(default_factory=dict)  # week → StatusReport
    baselines: list[Any] = field(default_factory=list)  # the project's baselines by number, once written

    @property
    def state(self) -> str:
        return self.spec.state

    @property
    def work_end(self) -> dt.date | None:
        """The last day work was done (hold or close), or None while it goes on."""
        if self.state == ProjectState.ON_HOLD:
            return self.hold_on
        if self.state == ProjectState.CLOSED:
            return self.end
        return None

    def weeks_in(self, day: dt.date) -> float:
        return (day - self.start).days / 7

    def pv(self, day: dt.date) -> float:
        return float(evm.pv_at(self.curve, self.start, day))

    def ev(self, day: dt.date, today: dt.date) -> float:
        if self.work_end and day > self.work_end:
            day = self.work_end
        if self.state == ProjectState.CLOSED and day >= self.end:
            return float(self.bac)
        spi = self.perf.spi(self.weeks_in(day), (today - day).days / 7)
        return min(float(self.bac), max(0.0, spi * self.pv(day)))

    def target_ac(self, day: dt.date, today: dt.date) -> float:
        if self.work_end and day > self.work_end:
            day = self.work_end
        cpi = self.perf.cpi(self.weeks_in(day), (today - day).days / 7)
        return self.ev(day, today) / cpi

    def ac(self, day: dt.date, today: dt.date) -> int:
        """Actual cost to ``day``: the booked monthly actuals (linear within a month), then an estimate."""
        points = [(self.start - dt.timedelta(days=1), 0), *self.booked_cum]
        if len(points) > 1 and day <= points[-1][0]:
            for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
                if d0 <= day <= d1:
                    return round_to(v0 + (v1 - v0) * (day - d0).days / max((d1 - d0).days, 1))
        base_day, base_value = points[-1]
        if len(points) == 1:
            return round_to(self.target_ac(day, today))
        extra = self.target_ac(day, today) - self.target_ac(base_day, today)
        return base_value + round_to(max(0.0, extra))


def plan_project(index: int, spec: ProjectSpec, rng: random.Random, today: dt.date) -> ProjectPlan:
    """Dates, budget and performance of one project (nothing written)."""
    cycle = index // len(catalog.PROJECTS)
    name = spec.name
    if cycle:
        name = f"{spec.name} Phase {cycle + 1}" if spec.english else f"{spec.name} 第{cycle + 1}期"
    lo, hi = BAC_RANGES_M[spec.project_type]
    bac = rng.randint(lo * 10, hi * 10) * 100_000
    dmin, dmax = DURATION_MONTHS[spec.project_type]
    this_month = first_of_month(today)
    hold_on = None
    if spec.state == ProjectState.ACTIVE:
        duration = rng.randint(max(dmin, 12 if spec.rebaseline else dmin), dmax)
        fraction = 0.5 if index == 0 else rng.uniform(0.5 if spec.rebaseline else 0.2, 0.8)
        elapsed = max(3 if spec.rebaseline else 2, min(duration - 2, round(fraction * duration)))
        start = add_months(this_month, -elapsed)
    elif spec.state == ProjectState.PROPOSED:
        duration = rng.randint(dmin, dmax)
        start = add_months(this_month, rng.randint(1, 3))
    elif spec.state == ProjectState.ON_HOLD:
        duration = max(dmax, 14)
        start = add_months(this_month, -rng.randint(8, 11))
        hold_on = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=rng.randint(5, 8), days=-2)
    else:  # closed (and cancelled, treated alike)
        duration = rng.randint(dmin, min(dmax, 12))
        start = add_months(this_month, -(duration + rng.randint(1, 2)))
    end = month_end(add_months(start, duration - 1))
    lo_spi, hi_spi = PROFILES[spec.profile][0]
    lo_cpi, hi_cpi = PROFILES[spec.profile][1]
    perf = Performance(
        spi_final=1.0 if spec.state == ProjectState.CLOSED else rng.uniform(lo_spi, hi_spi),
        cpi_final=rng.uniform(lo_cpi, hi_cpi),
        spi_dip=PROFILES[spec.profile][2],
        wobble=rng.uniform(0, 2 * math.pi),
    )
    created_on = (
        today - dt.timedelta(days=rng.randint(10, 30))
        if spec.state == ProjectState.PROPOSED
        else start - dt.timedelta(days=rng.randint(20, 45))
    )
    plan = ProjectPlan(
        index=index,
        spec=spec,
        code=f"PRJ-2026-{index + 1:03d}",
        name=name,
        start=start,
        end=end,
        bac=bac,
        perf=perf,
        created_on=created_on,
        open_defects_target=rng.choice([10, 15, 20, 25, 30]),
        test_pass_rate_target=Decimal(rng.choice(["95.00", "95.00", "98.00"])),
        quality_factor=rng.uniform(1.25, 1.6) if spec.quality_poor else rng.uniform(0.35, 0.85),
        hold_on=hold_on,
    )
    if spec.rebaseline:
        plan.first_end = month_end(add_months(start, duration - 1 - rng.randint(2, 3)))
        plan.first_bac = round_to(bac / rng.uniform(1.12, 1.25), 100_000)
        weeks_back = rng.randint(8, 14)
        plan.rebaseline_on = max(
            start + dt.timedelta(weeks=8), today - dt.timedelta(days=today.weekday(), weeks=weeks_back)
        )
    return plan


def build_cost_plan(plan: ProjectPlan) -> None:
    """Monthly planned cost along the S-curve; the months add up to BAC exactly."""
    total_days = (plan.end - plan.start).days + 1
    months = month_starts(plan.start, plan.end)
    allocated, cumulative = 0, Decimal(0)
    for i, month in enumerate(months):
        a = (max(month, plan.start) - plan.start).days / total_days
        b = ((min(month_end(month), plan.end) - plan.start).days + 1) / total_days
        amount = plan.bac - allocated if i == len(months) - 1 else round_to((smoothstep(b) - smoothstep(a)) * plan.bac)
        allocated += amount
        cumulative += amount
        plan.monthly_plan.append((month, amount))
        plan.curve.append((month_end(month), cumulative))


def build_actuals(plan: ProjectPlan, today: dt.date) -> None:
    """Book the actual cost of every month that has ended (and in which work was done)."""
    if plan.state == ProjectState.PROPOSED:
        return
    limit = plan.work_end or today
    cumulative = 0
    for month in month_starts(plan.start, min(limit, plan.end)):
        closing = month_end(month)
        if closing >= today or (plan.state == ProjectState.ON_HOLD and closing > limit):
            break
        target = max(cumulative, round_to(plan.target_ac(closing, today)))
        plan.booked.append((month, target - cumulative))
        cumulative = target
        plan.booked_cum.append((closing, cumulative))


def build_series(plan: ProjectPlan, today: dt.date, current_week: str) -> None:
    """The weeks with a status report, and their % complete and actual cost to date."""
    if plan.state == ProjectState.PROPOSED:
        return
    first_friday = plan.start + dt.timedelta(days=3)
    first_friday += dt.timedelta(days=(4 - first_friday.weekday()) % 7)
    first = max(weeks.week_of(first_friday), weeks.week_of(today - dt.timedelta(weeks=HISTORY_WEEKS - 1)))
    last = current_week
    if plan.work_end:
        last = min(current_week, weeks.week_of(plan.work_end))
    week, previous, spent = first, Decimal(0), 0
    while week <= last:
        if plan.keep_current_week_open and week == current_week:
            break
        friday = weeks.week_end(week)
        percent = 100 * plan.ev(friday, today) / plan.bac
        if plan.state == ProjectState.CLOSED and week == last:
            percent = 100.0
        value = max(previous, Decimal(f"{min(percent, 100.0):.1f}"))
        plan.report_weeks.append(week)
        plan.percent[week] = value
        spent = max(spent, plan.ac(friday, today))  # never decreasing, even where only estimated
        plan.actual[week] = Decimal(spent)
        previous = value
        week = weeks.week_of(weeks.parse_week(week) + dt.timedelta(days=7))


def rebaseline_change(plan: ProjectPlan) -> tuple[str, str, bool]:
    """The (approved, non-decision) change request behind a project's re-baseline."""
    changes = [c for c in catalog.in_language(catalog.CHANGE_REQUESTS, plan.spec) if not c[2]]
    return changes[plan.index % len(changes)]


def current_phase(plan: ProjectPlan) -> str:
    if plan.state == ProjectState.PROPOSED:
        return Phase.INITIATION
    if plan.state == ProjectState.CLOSED:
        return Phase.CLOSURE
    if not plan.report_weeks:
        return Phase.INITIATION
    return phase_for(float(plan.percent[plan.report_weeks[-1]]))


def plan_portfolio(count: int, rng: random.Random, today: dt.date) -> list[ProjectPlan]:
    """The plans of ``count`` projects, cycling through the catalogue."""
    plans, current_week, pm1_first_done = [], weeks.week_of(today), False
    for index in range(count):
        spec = catalog.PROJECTS[index % len(catalog.PROJECTS)]
        plan = plan_project(index, spec, rng, today)
        if not pm1_first_done and spec.pm == "pm1" and spec.state == ProjectState.ACTIVE:
            plan.keep_current_week_open = True  # the browser test writes this week's report
            pm1_first_done = True
        elif spec.state == ProjectState.ACTIVE:
            plan.returned_last_week = index == 1 or rng.random() < 0.1
        build_cost_plan(plan)
        build_actuals(plan, today)
        build_series(plan, today, current_week)
        plans.append(plan)
    return plans
