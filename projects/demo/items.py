"""Issues, risks and change requests.

Rows are written by the bulk path (``projects.demo.bulk``: a creation entry as the item's service records it, then
an ``update`` entry when the item moved on, e.g. an issue resolved). The transitions with rules of their own go
through the services: a materialised risk becomes an issue with ``convert_risk_to_issue``, and a change request is
approved or rejected with ``decide_change_request``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from projects import services
from projects.demo import catalog
from projects.demo.bulk import BulkWriter
from projects.demo.context import DemoContext
from projects.demo.plans import ProjectPlan, rebaseline_change
from projects.models import (
    ChangeRequest,
    ChangeStatus,
    EscalationLevel,
    Issue,
    IssueStatus,
    Priority,
    ProjectState,
    Risk,
    RiskResponse,
    RiskStatus,
)
from projects.services.items.fields import CHANGE_REQUEST_FIELDS, ISSUE_FIELDS, RISK_FIELDS

#: What ``create_change_request`` records (its fields, plus who decided and who asked).
CHANGE_REQUEST_AUDITED = (*CHANGE_REQUEST_FIELDS, "decided_by", "requested_by")


def make_issues_and_risks(ctx: DemoContext, writer: BulkWriter) -> None:
    issues: list[Issue] = []
    risks: list[Risk] = []
    materialised: list[tuple[ProjectPlan, Risk]] = []
    for plan in ctx.plans:
        work_from = plan.created_on if plan.state == ProjectState.PROPOSED else plan.start + dt.timedelta(days=7)
        work_to = (plan.work_end or ctx.today) - dt.timedelta(days=3)
        issues += plan_issues(ctx, writer, plan, work_from, work_to)
        for risk, materialise in plan_risks(ctx, writer, plan, work_from, work_to):
            risks.append(risk)
            if materialise:
                materialised.append((plan, risk))
    writer.insert(Risk, risks)
    writer.insert(Issue, issues)
    for plan, risk in materialised:
        convert_risk(ctx, plan, risk)


def plan_issues(
    ctx: DemoContext, writer: BulkWriter, plan: ProjectPlan, work_from: dt.date, work_to: dt.date
) -> list[Issue]:
    rng, profile = ctx.rng, plan.spec.profile
    count = {catalog.ON_TRACK: rng.randint(3, 6), catalog.TROUBLED: rng.randint(8, 10)}.get(profile, rng.randint(5, 8))
    if plan.state == ProjectState.PROPOSED:
        count = 3
    rows = []
    for number, (title, description, resolution) in enumerate(
        rng.sample(catalog.in_language(catalog.ISSUES, plan.spec), count)
    ):
        raised = ctx.random_day(max(work_from, work_to - dt.timedelta(weeks=30)), work_to)
        due = raised + dt.timedelta(days=rng.randint(10, 45))
        status, resolved_on = issue_status(ctx, plan, raised, due)
        priority = rng.choices(
            [Priority.LOW, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL],
            weights=[15, 45, 30, 10 if profile != catalog.TROUBLED else 25],
        )[0]
        escalation = EscalationLevel.PROJECT
        if status in (IssueStatus.OPEN, IssueStatus.IN_PROGRESS) and priority in (Priority.HIGH, Priority.CRITICAL):
            troubled_first = profile == catalog.TROUBLED and number == 0
            escalation = EscalationLevel.EXECUTIVE if troubled_first else EscalationLevel.PMO
        owner = ctx.pick_owner(plan)
        if number == 0 and ctx.users["member1"] in plan.members:
            owner = ctx.users["member1"]
        created = ctx.at(raised, 11)
        issue = Issue(
            project=plan.project,
            title=title,
            description=description,
            owner=owner,
            priority=priority,
            raised_on=raised,
            due_date=due,
            escalation_level=escalation,
            created_at=created,
            updated_at=created,
        )
        writer.created(issue, actor=plan.pm, at=created, fields=ISSUE_FIELDS)
        if status != IssueStatus.OPEN:
            moment = ctx.at(resolved_on, 17) if resolved_on else ctx.at(min(raised + dt.timedelta(days=3), ctx.today))
            values: dict[str, Any] = {"status": status}
            if resolved_on:
                values.update(resolved_on=resolved_on, resolution=resolution)
            writer.updated(issue, actor=plan.pm, at=max(moment, created), values=values)
            issue.updated_at = max(moment, created)
        rows.append(issue)
    return rows


def issue_status(ctx: DemoContext, plan: ProjectPlan, raised: dt.date, due: dt.date) -> tuple[str, dt.date | None]:
    rng, today = ctx.rng, ctx.today
    if plan.state == ProjectState.CLOSED:
        return rng.choice([IssueStatus.CLOSED, IssueStatus.RESOLVED]), min(
            plan.end, raised + dt.timedelta(days=rng.randint(5, 30))
        )
    resolved_on = min(today, raised + dt.timedelta(days=rng.randint(5, 40)))
    if plan.state == ProjectState.PROPOSED:
        return IssueStatus.OPEN, None
    if due < today - dt.timedelta(days=21):
        if rng.random() < 0.8:
            return rng.choice([IssueStatus.CLOSED, IssueStatus.RESOLVED, IssueStatus.CLOSED]), resolved_on
        return IssueStatus.IN_PROGRESS, None
    if due < today:
        if rng.random() < 0.5:
            return IssueStatus.RESOLVED, resolved_on
        return rng.choice([IssueStatus.OPEN, IssueStatus.IN_PROGRESS]), None
    if rng.random() < 0.15:
        return IssueStatus.RESOLVED, min(resolved_on, today)
    return rng.choice([IssueStatus.OPEN, IssueStatus.OPEN, IssueStatus.IN_PROGRESS]), None


def plan_risks(
    ctx: DemoContext, writer: BulkWriter, plan: ProjectPlan, work_from: dt.date, work_to: dt.date
) -> list[tuple[Risk, bool]]:
    """The project's risks; the first one of a project in trouble is to materialise (``convert_risk``)."""
    rng, profile, state = ctx.rng, plan.spec.profile, plan.state
    count = {catalog.ON_TRACK: rng.randint(3, 5), catalog.TROUBLED: rng.randint(6, 8)}.get(profile, rng.randint(4, 7))
    high = profile in (catalog.TROUBLED, catalog.SCHEDULE_SLIP, catalog.COST_OVERRUN)
    rows = []
    for number, (title, cause, effect, mitigation, trigger) in enumerate(
        rng.sample(catalog.in_language(catalog.RISKS, plan.spec), count)
    ):
        probability = rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 4, 3 if high else 2, 2 if high else 1])[0]
        impact = rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 3, 2 if high else 1])[0]
        closed = state == ProjectState.CLOSED or rng.random() < 0.15
        materialise = (
            number == 0
            and state == ProjectState.ACTIVE
            and profile != catalog.ON_TRACK
            and (profile == catalog.TROUBLED or rng.random() < 0.6)
        )
        if materialise:
            closed, probability = False, max(probability, 4)
        registered = ctx.random_day(work_from - dt.timedelta(days=10), work_to)
        response = rng.choices(
            [RiskResponse.MITIGATE, RiskResponse.AVOID, RiskResponse.TRANSFER, RiskResponse.ACCEPT],
            weights=[60, 15, 10, 15],
        )[0]
        owner = ctx.pick_owner(plan)
        watched = not (closed or materialise)
        next_review = ctx.today + dt.timedelta(days=rng.randint(3, 28)) if watched else None
        created = ctx.at(registered, 14)
        risk = Risk(
            project=plan.project,
            title=title,
            cause=cause,
            effect=effect,
            probability=probability,
            impact=impact,
            response=response,
            mitigation_plan=mitigation,
            owner=owner,
            trigger=trigger,
            next_review_date=next_review,
            status=RiskStatus.OPEN,
            created_at=created,
            updated_at=created,
        )
        writer.created(risk, actor=plan.pm, at=created, fields=RISK_FIELDS)
        if closed:
            moment = max(created, ctx.at(min(registered + dt.timedelta(days=30), work_to), 15))
            writer.updated(risk, actor=plan.pm, at=moment, values={"status": RiskStatus.CLOSED})
            risk.updated_at = moment
        rows.append((risk, materialise))
    return rows


def convert_risk(ctx: DemoContext, plan: ProjectPlan, risk: Risk) -> None:
    """The risk materialised: the PM turns it into an issue (``convert_risk_to_issue``), then works on it."""
    raised = ctx.today - dt.timedelta(days=ctx.rng.randint(10, 40))
    due = raised + dt.timedelta(days=ctx.rng.randint(14, 50))
    converted = ctx.at(raised, 11)
    with ctx.clock.during(converted):
        issue = services.convert_risk_to_issue(actor=plan.pm, risk=risk, expected_version=risk.version)
    ctx.clock.restamp(issue, raised_on=raised)  # a date, not a time: the clock leaves it to us
    taken_up = ctx.at(raised + dt.timedelta(days=1), 10)
    with ctx.clock.during(taken_up):
        services.update_issue(
            actor=plan.pm,
            issue=issue,
            expected_version=issue.version,
            status=IssueStatus.IN_PROGRESS,
            due_date=due,
            escalation_level=EscalationLevel.PMO,
        )


def make_change_requests(ctx: DemoContext, writer: BulkWriter) -> None:
    """Change requests and logged decisions; the decided ones are decided by the PMO or the PM through
    ``decide_change_request``. (The re-baselines' change requests are made with their re-baseline.)"""
    rng, rows = ctx.rng, []
    decisions: list[tuple[ChangeRequest, Any, dt.date, bool]] = []
    for plan in ctx.plans:
        existing = 1 if plan.spec.rebaseline else 0
        count = 1 if plan.state == ProjectState.PROPOSED else rng.randint(1, 3) - existing
        work_to = plan.work_end or ctx.today
        used = rebaseline_change(plan) if plan.spec.rebaseline else None
        candidates = [c for c in catalog.in_language(catalog.CHANGE_REQUESTS, plan.spec) if c != used]
        for title, reason, decision in rng.sample(candidates, max(count, 0)):
            raised = ctx.random_day(min(plan.created_on, work_to), work_to)
            if decision:
                status = ChangeStatus.DECISION
            elif plan.state == ProjectState.PROPOSED:
                status = ChangeStatus.PROPOSED
            else:
                status = rng.choices(
                    [ChangeStatus.APPROVED, ChangeStatus.REJECTED, ChangeStatus.PROPOSED], weights=[5, 2, 3]
                )[0]
            decided = status != ChangeStatus.PROPOSED
            decider = (plan.pm if decision else rng.choice([ctx.pmo, plan.pm])) if decided else None
            decided_on = min(work_to, raised + dt.timedelta(days=rng.randint(3, 20))) if decided else None
            created = ctx.at(raised, 13)
            change = ChangeRequest(
                project=plan.project,
                title=title,
                reason=reason,
                cost_impact=Decimal(0 if decision else rng.randint(1, 30) * 500_000),
                schedule_impact_days=0 if decision else rng.choice([0, 0, 5, 10, 20, 30]),
                status=ChangeStatus.DECISION if decision else ChangeStatus.PROPOSED,
                decided_by=plan.pm if decision else None,
                decided_on=decided_on if decision else None,
                requested_by=plan.pm,
                created_at=created,
            )
            writer.created(change, actor=plan.pm, at=created, fields=CHANGE_REQUEST_AUDITED)
            rows.append(change)
            if status in (ChangeStatus.APPROVED, ChangeStatus.REJECTED):
                decisions.append((change, decider, decided_on, status == ChangeStatus.APPROVED))
    writer.insert(ChangeRequest, rows)
    for change, decider, decided_on, approve in decisions:
        with ctx.clock.during(ctx.at(decided_on, 16)):
            services.decide_change_request(
                actor=decider,
                change_request=change,
                approve=approve,
                decided_on=decided_on,
                expected_version=change.version,
            )
