"""Milestones and weekly quality records (bulk rows: see ``projects.demo.bulk``); a milestone's creation is audited
as ``create_milestone`` would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from projects.demo import catalog
from projects.demo.bulk import BulkWriter
from projects.demo.context import DemoContext
from projects.demo.plans import ProjectPlan, phase_for, weekday_on_or_before
from projects.models import Milestone, Phase, ProjectState, ProjectType, QualityRecord
from projects.services.items.fields import MILESTONE_FIELDS


def make_milestones(ctx: DemoContext, writer: BulkWriter) -> None:
    """Milestones from the catalogue's templates (in the project's language), dated along the plan."""
    rows = []
    for plan in ctx.plans:
        infra = plan.spec.project_type == ProjectType.INFRASTRUCTURE
        if infra:
            templates = catalog.MILESTONES_INFRA_EN if plan.spec.english else catalog.MILESTONES_INFRA_JA
        else:
            templates = catalog.MILESTONES_SYSTEM_EN if plan.spec.english else catalog.MILESTONES_SYSTEM_JA
        optional = [t for t in templates if t[4]]
        keep = set(ctx.rng.sample(range(len(optional)), ctx.rng.randint(0, 2)))
        chosen = [t for t in templates if not t[4] or optional.index(t) in keep]
        span = (plan.end - plan.start).days
        planned_at = ctx.at(plan.created_on + dt.timedelta(days=2), 14)  # the PM plans them after the kick-off
        for name, phase, fraction, gate, _optional in chosen:
            baseline = weekday_on_or_before(plan.start + dt.timedelta(days=round(span * fraction)))
            forecast, actual = milestone_dates(ctx, plan, baseline, gate)
            milestone = Milestone(
                project=plan.project,
                name=name,
                phase=phase,
                baseline_date=baseline,
                weight=Decimal(2 if gate else 1),
                is_phase_gate=gate,
            )
            rows.append(milestone)
            writer.created(milestone, actor=plan.pm, at=planned_at, fields=MILESTONE_FIELDS)
            if forecast:  # the PM forecasts a slip (or confirms the date) ten days ahead
                moment = max(planned_at, ctx.at(min(baseline, ctx.today) - dt.timedelta(days=10), 17))
                writer.updated(milestone, actor=plan.pm, at=moment, values={"forecast_date": forecast})
            if actual:
                moment = max(planned_at, ctx.at(actual, 17))
                writer.updated(milestone, actor=plan.pm, at=moment, values={"actual_date": actual})
    writer.insert(Milestone, rows)


def milestone_dates(
    ctx: DemoContext, plan: ProjectPlan, baseline: dt.date, gate: bool
) -> tuple[dt.date | None, dt.date | None]:
    """(forecast, actual) following the project's profile; a gate slips > 10 working days only when troubled."""
    rng, profile = ctx.rng, plan.spec.profile
    if plan.state == ProjectState.PROPOSED:
        return None, None
    past_slip = {
        catalog.ON_TRACK: rng.choice([-2, 0, 0, 0, 1, 2, 3]),
        catalog.SCHEDULE_SLIP: rng.randint(2, 9),
        catalog.COST_OVERRUN: rng.choice([0, 1, 2, 4]),
        catalog.TROUBLED: rng.randint(6, 12),
        catalog.RECOVERING: rng.randint(3, 10),
    }[profile]
    future_slip = {
        catalog.ON_TRACK: 0,
        catalog.SCHEDULE_SLIP: rng.randint(5, 12),
        catalog.COST_OVERRUN: rng.choice([0, 0, 3]),
        catalog.TROUBLED: rng.randint(21, 40),
        catalog.RECOVERING: rng.choice([0, 2, 4]),
    }[profile]
    limit = plan.work_end or ctx.today
    if plan.state == ProjectState.CLOSED:
        return None, min(weekday_on_or_before(baseline + dt.timedelta(days=max(past_slip, 0))), plan.end)
    if baseline <= limit:
        candidate = weekday_on_or_before(baseline + dt.timedelta(days=past_slip))
        if candidate <= limit:
            return None, candidate
        return weekday_on_or_before(baseline + dt.timedelta(days=max(past_slip, future_slip))), None
    if plan.state == ProjectState.ON_HOLD:
        return weekday_on_or_before(baseline + dt.timedelta(days=70)), None
    if future_slip:
        return weekday_on_or_before(baseline + dt.timedelta(days=future_slip)), None
    return (baseline if rng.random() < 0.4 else None), None


def make_quality_records(ctx: DemoContext, writer: BulkWriter) -> None:
    """A quality record per reported week, following the phase (and the poor-quality projects' last weeks)."""
    rows = []
    for plan in ctx.plans:
        rng, target, open_prev = ctx.rng, plan.open_defects_target, 0
        recent = set(plan.report_weeks[-8:])
        for week in plan.report_weeks:
            phase = phase_for(float(plan.percent[week]))
            factor = plan.quality_factor if (not plan.spec.quality_poor or week in recent) else rng.uniform(0.5, 0.9)
            good_rate = plan.test_pass_rate_target / 100 + Decimal(str(rng.uniform(0.003, 0.015)))
            rate = min(Decimal("0.998"), good_rate)
            if plan.spec.quality_poor and week in recent:
                rate = Decimal(str(rng.uniform(0.86, 0.93)))
            found = planned = 0
            review = rng.randint(3, 15)
            if phase in (Phase.INITIATION, Phase.REQUIREMENTS):
                open_now = rng.randint(0, 2)
            elif phase == Phase.DESIGN:
                review, found = rng.randint(8, 30), rng.randint(0, 3)
                open_now = rng.randint(0, max(1, target // 4))
            elif phase == Phase.BUILD:
                found, planned = rng.randint(4, 15), rng.randint(60, 200)
                open_now = round(target * factor * rng.uniform(0.7, 0.9))
            elif phase == Phase.TEST:
                found, planned = rng.randint(8, 25), rng.randint(150, 400)
                open_now = round(target * factor * rng.uniform(0.9, 1.05))
            elif phase == Phase.DEPLOYMENT:
                found, planned = rng.randint(0, 5), rng.randint(20, 80)
                open_now = round(target * factor * 0.4)
            else:
                review, open_now = rng.randint(0, 3), 0
            found = max(found, open_now - open_prev)
            run = round(planned * rng.uniform(0.9, 1.0))
            passed = int((Decimal(run) * rate).to_integral_value())
            rows.append(
                QualityRecord(
                    project=plan.project,
                    week=week,
                    defects_found=found,
                    defects_fixed=max(0, found + open_prev - open_now),
                    defects_open=open_now,
                    tests_planned=planned,
                    tests_run=run,
                    tests_passed=passed,
                    review_findings=review,
                )
            )
            open_prev = open_now
    writer.insert(QualityRecord, rows)
