"""One bench project's plan and story in memory: baseline, cost plan and actuals, milestones, quality records.

Pure data (unsaved model instances); ``portfolio`` inserts them and evaluates every week against them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from projects import weeks
from projects.models import Baseline, CostActual, CostPlan, Milestone, Phase, QualityRecord

PHASES = [Phase.REQUIREMENTS, Phase.DESIGN, Phase.BUILD, Phase.TEST, Phase.DEPLOYMENT]
MILESTONE_NAMES = [
    "要件定義書 承認",
    "基本設計 完了",
    "詳細設計 完了",
    "製造 完了",
    "結合テスト 完了",
    "総合テスト 完了",
    "受入テスト 完了",
    "移行リハーサル",
    "本番移行",
    "運用引継ぎ",
]


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.month - 1 + n, 12)
    return dt.date(day.year + y, m + 1, 1)


@dataclass
class ProjectPlan:
    """What one project was planned to be and how it went (speed and cost factors drive the figures)."""

    start: dt.date
    end: dt.date
    bac: Decimal
    speed: float  # earned progress / planned progress
    cost_factor: float  # actual cost / planned cost
    cost_plans: list[CostPlan]
    cost_actuals: list[CostActual]
    milestones: list[Milestone]
    quality: dict[str, QualityRecord]


def make_plan(rng: random.Random, *, first_week: str, last_week: str, n_milestones: int = 20) -> ProjectPlan:
    """A plan that started around ``first_week`` and runs beyond ``last_week``, with its story up to then."""
    first_day = weeks.parse_week(first_week)
    today = weeks.week_end(last_week)
    start = month_start(first_day - dt.timedelta(days=rng.randint(0, 120)))
    months = (today.year - start.year) * 12 + today.month - start.month + rng.randint(3, 18)
    end = add_months(start, months) - dt.timedelta(days=1)
    bac = Decimal(rng.randrange(50, 2000) * 1_000_000)
    speed = rng.choice([1.0, 1.0, 0.97, 0.93, 0.88, 0.8, 1.03])
    cost_factor = rng.choice([1.0, 1.0, 1.02, 1.06, 1.12, 1.2, 0.95])
    monthly = (bac / months).quantize(Decimal(1))
    plans = [CostPlan(month=add_months(start, i), planned_cost=monthly) for i in range(months)]
    plans[-1].planned_cost = bac - monthly * (months - 1)
    actuals = [
        CostActual(month=p.month, actual_cost=(p.planned_cost * Decimal(str(cost_factor * speed))).quantize(Decimal(1)))
        for p in plans
        if add_months(p.month, 1) <= month_start(today)
    ]
    span = (end - start).days
    milestones = []
    for i in range(n_milestones):
        baseline_date = start + dt.timedelta(days=span * (i + 1) // (n_milestones + 1))
        gate = i % 5 == 4
        slip = max(0, int(rng.gauss(3 / speed, 4))) if speed < 1 else rng.choice([0, 0, 0, 1, 2])
        milestone = Milestone(
            name=MILESTONE_NAMES[i % len(MILESTONE_NAMES)] + ("" if i < len(MILESTONE_NAMES) else " (第2期)"),
            phase=PHASES[min(i * len(PHASES) // n_milestones, len(PHASES) - 1)],
            baseline_date=baseline_date,
            weight=Decimal(1),
            is_phase_gate=gate,
        )
        landed = baseline_date + dt.timedelta(days=slip)
        if landed < today:
            milestone.actual_date = landed
        elif slip:
            milestone.forecast_date = landed
        milestones.append(milestone)
    quality = {}
    open_defects = 0
    week = first_week
    while week <= last_week:
        found = rng.randint(0, 12)
        fixed = max(0, min(open_defects + found, found + rng.randint(-2, 3)))
        open_defects = open_defects + found - fixed
        run = rng.randint(40, 400)
        passed = min(run, int(run * rng.uniform(0.93, 1.0)))
        quality[week] = QualityRecord(
            week=week,
            defects_found=found,
            defects_fixed=fixed,
            defects_open=open_defects,
            tests_planned=run + rng.randint(0, 50),
            tests_run=run,
            tests_passed=passed,
            review_findings=rng.randint(0, 20),
        )
        week = weeks.week_of(weeks.parse_week(week) + dt.timedelta(days=7))
    return ProjectPlan(start, end, bac, speed, cost_factor, plans, actuals, milestones, quality)


def make_baseline(plan: ProjectPlan, *, project, created_by) -> Baseline:
    return Baseline(
        project=project,
        number=1,
        planned_start=plan.start,
        planned_end=plan.end,
        bac=plan.bac,
        open_defects_target=20,
        test_pass_rate_target=Decimal("95.00"),
        reason="当初計画",
        created_by=created_by,
    )


def planned_percent(plan: ProjectPlan, day: dt.date) -> Decimal:
    """Progress a PM reports at ``day``: the planned share of the duration times the project's speed."""
    span = max((plan.end - plan.start).days, 1)
    share = max(0.0, min(1.0, (day - plan.start).days / span * plan.speed))
    return Decimal(str(round(share * 100, 1)))
