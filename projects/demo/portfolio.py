"""The projects, through the services: each project with its first baseline, the approved change request and the
re-baseline it justifies, and its members; then the monthly cost plan and actuals (bulk rows, not audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from projects import services
from projects.demo import catalog
from projects.demo.bulk import BulkWriter
from projects.demo.context import DemoContext
from projects.demo.plans import ProjectPlan, current_phase, rebaseline_change
from projects.models import ChangeStatus, CostActual, CostPlan


def make_projects(ctx: DemoContext) -> None:
    member_pool = [ctx.users[name] for name in catalog.MEMBER_USERNAMES]
    for plan in ctx.plans:
        create_project(ctx, plan)
        if plan.spec.rebaseline and plan.rebaseline_on:
            rebaseline(ctx, plan)
        add_members(ctx, plan, member_pool)


def create_project(ctx: DemoContext, plan: ProjectPlan) -> None:
    """The PM creates the project and its first baseline (``create_project``)."""
    spec = plan.spec
    plan.pm = ctx.users[spec.pm]
    plan.deputy = ctx.users[spec.deputy] if spec.deputy else None
    created = ctx.at(plan.created_on)
    with ctx.clock.during(created):
        plan.project = services.create_project(
            actor=plan.pm,
            code=plan.code,
            name=plan.name,
            description=spec.description,
            org_unit=ctx.orgs[spec.org],
            program=ctx.programs[spec.program] if spec.program else None,
            pm=plan.pm,
            deputy_pm=plan.deputy,
            sponsor=catalog.sponsor(spec),
            customer=catalog.customer(spec),
            project_type=spec.project_type,
            state=spec.state,
            phase=current_phase(plan),
            confidential=spec.confidential,
            currency="JPY",
            planned_start=plan.start,
            planned_end=plan.first_end or plan.end,
            bac=Decimal(plan.first_bac or plan.bac),
            open_defects_target=plan.open_defects_target,
            test_pass_rate_target=plan.test_pass_rate_target,
            review_coverage_target=Decimal("100.00"),
        )


def rebaseline(ctx: DemoContext, plan: ProjectPlan) -> None:
    """The PM raises a change request, the PMO approves it, then re-baselines the project citing it."""
    project, pmo = plan.project, ctx.pmo
    title, reason, _decision = rebaseline_change(plan)
    raised = ctx.at(plan.rebaseline_on - dt.timedelta(days=16), 13)
    decided_on = plan.rebaseline_on - dt.timedelta(days=2)
    with ctx.clock.during(raised):
        change = services.create_change_request(
            actor=plan.pm,
            project=project,
            title=title,
            reason=reason,
            cost_impact=Decimal(plan.bac - (plan.first_bac or plan.bac)),
            schedule_impact_days=(plan.end - (plan.first_end or plan.end)).days,
            status=ChangeStatus.PROPOSED,
        )
    with ctx.clock.during(ctx.at(decided_on, 16)):
        services.decide_change_request(
            actor=pmo, change_request=change, approve=True, decided_on=decided_on, expected_version=change.version
        )
    with ctx.clock.during(ctx.at(plan.rebaseline_on, 15)):
        services.rebaseline(
            actor=pmo,
            project=project,
            expected_version=project.version,
            planned_start=plan.start,
            planned_end=plan.end,
            bac=Decimal(plan.bac),
            reason=catalog.rebaseline_reason(title),
            change_request=change,
        )


def add_members(ctx: DemoContext, plan: ProjectPlan, member_pool: list) -> None:
    """The deputy PM and two to four members; pm1 never joins a confidential project (it stays hidden from pm1)."""
    rng, spec = ctx.rng, plan.spec
    chosen = rng.sample(member_pool, rng.randint(2, 4))
    member1 = ctx.users["member1"]
    if spec.pm == "pm1" and member1 not in chosen and (plan.keep_current_week_open or rng.random() < 0.7):
        chosen[0] = member1
    roles_pool = list(catalog.PROJECT_ROLES)
    rng.shuffle(roles_pool)
    with ctx.clock.during(ctx.at(plan.created_on + dt.timedelta(days=1), 11)):
        if plan.deputy:
            services.set_membership(
                actor=plan.pm, project=plan.project, user=plan.deputy, project_role=catalog.DEPUTY_ROLE
            )
        for user, project_role in zip(chosen, roles_pool, strict=False):
            services.set_membership(actor=plan.pm, project=plan.project, user=user, project_role=project_role)
    plan.members = chosen


def make_cost_rows(ctx: DemoContext, writer: BulkWriter) -> None:
    """The monthly cost plan (adds up to BAC) and the actuals of the months that have ended."""
    plans, actuals = [], []
    for plan in ctx.plans:
        plans += [CostPlan(project=plan.project, month=m, planned_cost=Decimal(v)) for m, v in plan.monthly_plan]
        actuals += [CostActual(project=plan.project, month=m, actual_cost=Decimal(v)) for m, v in plan.booked]
    writer.insert(CostPlan, plans)
    writer.insert(CostActual, actuals)
