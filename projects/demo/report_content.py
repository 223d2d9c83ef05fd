"""What the weekly reports say: where each stands in the workflow, the PM's RAG and texts, and its story (created,
submitted, reviewed or returned, by whom and when). Nothing is written here: ``projects.demo.reports`` writes the
stories, through the status services or the bulk path.

Every report is Japanese, like the PMs who write it; its review comment is Japanese too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from projects import weeks
from projects.demo import catalog
from projects.demo.context import DemoContext
from projects.demo.plans import ProjectPlan, phase_for
from projects.domain import rag
from projects.evaluation import apply_result, evaluate_inputs, load_inputs
from projects.models import Baseline, ProjectState, ReportState, StatusReport


@dataclass(frozen=True)
class Step:
    """One workflow action on a report: a ``projects.services.status.TRANSITIONS`` key, who and when."""

    action: str
    actor: Any
    at: dt.datetime
    comment: str = ""


@dataclass
class ReportStory:
    report: StatusReport  # unsaved: its content and figures, state draft
    created: dt.datetime
    steps: list[Step] = field(default_factory=list)


def report_story(ctx: DemoContext, plan: ProjectPlan, position_from_end: int, week: str) -> ReportStory:
    """The report of ``week``: figures from ``apply_evaluation`` (the services' code), the PM's RAG and texts,
    and the workflow steps that bring it to the state it is in today."""
    rng, monday = ctx.rng, weeks.parse_week(week)
    report = StatusReport(
        project=plan.project,
        week=week,
        week_start=monday,
        percent_complete=plan.percent[week],
        actual_cost_to_date=plan.actual[week],
        created_by=plan.pm,
        updated_by=plan.pm,
    )
    evaluate_in_force(ctx, plan, report)
    suggested = {
        "schedule": report.suggested_schedule_rag,
        "cost": report.suggested_cost_rag,
        "quality": report.suggested_quality_rag,
        "overall": report.suggested_overall_rag,
    }
    chosen, comment = choose_rag(ctx, plan, week, suggested)
    state = report_state(ctx, plan, position_from_end, week)
    for dim in ("overall", "schedule", "cost", "quality", "scope"):
        setattr(report, f"{dim}_rag", chosen[dim])
    report.rag_comment = comment
    for name, text in report_texts(ctx, plan, week, chosen).items():
        setattr(report, name, text)
    created = ctx.at(monday + dt.timedelta(days=rng.randint(2, 3)), rng.randint(9, 15))
    report.created_at = report.updated_at = created
    story = ReportStory(report=report, created=created)
    if state == ReportState.DRAFT:
        return story
    submitted = max(created, ctx.at(monday + dt.timedelta(days=4), 16, rng.randint(0, 59)))
    story.steps.append(Step("submit", plan.pm, submitted))
    if state == ReportState.SUBMITTED:
        return story
    reviewed = max(submitted, ctx.at(monday + dt.timedelta(days=7), rng.randint(10, 17)))
    if state == ReportState.RETURNED:
        story.steps.append(Step("return", ctx.pmo, reviewed, rng.choice(catalog.REVIEW_COMMENTS)))
    else:
        remark = "確認しました。リスク対応の進捗を次週も報告してください。" if rng.random() < 0.08 else ""
        story.steps.append(Step("accept", ctx.pmo, reviewed, remark))
    return story


def baseline_in_force(plan: ProjectPlan, moment: dt.datetime) -> Baseline | None:
    """The baseline that was current at ``moment``: the latest one created by then (the first one otherwise)."""
    if not plan.baselines:
        plan.baselines = list(Baseline.objects.filter(project=plan.project).order_by("number"))
    in_force = plan.baselines[0] if plan.baselines else None
    for baseline in plan.baselines:
        if baseline.created_at <= moment:
            in_force = baseline
    return in_force


def evaluate_in_force(ctx: DemoContext, plan: ProjectPlan, report: StatusReport) -> None:
    """The report's figures as they were when it was submitted (Friday afternoon of its week): judged against the
    baseline in force then, not today's. A re-baselined project's reports before the re-baseline show baseline #1
    (its BAC and dates), the later ones #2, as a submission freezes them (``projects.evaluation``)."""
    monday = weeks.parse_week(report.week)
    baseline = baseline_in_force(plan, ctx.at(monday + dt.timedelta(days=4), 16))
    inputs = replace(load_inputs(plan.project, week=report.week), baseline=baseline)
    result, suggested = evaluate_inputs(
        inputs,
        week=report.week,
        percent_complete=report.percent_complete,
        actual_cost_to_date=report.actual_cost_to_date,
    )
    apply_result(report, baseline=baseline, result=result, suggested=suggested)


def report_state(ctx: DemoContext, plan: ProjectPlan, position_from_end: int, week: str) -> str:
    """Where the report stands today: only the last two weeks of an active project may still be in the workflow."""
    if plan.state != ProjectState.ACTIVE or plan.keep_current_week_open:
        return ReportState.REVIEWED
    if position_from_end == 0 and week == ctx.current_week:
        return ReportState.DRAFT if ctx.rng.random() < 0.65 else ReportState.SUBMITTED
    if position_from_end == 1:
        if plan.returned_last_week:
            return ReportState.RETURNED
        return ReportState.SUBMITTED if ctx.rng.random() < 0.4 else ReportState.REVIEWED
    return ReportState.REVIEWED


def choose_rag(ctx: DemoContext, plan: ProjectPlan, week: str, suggested: dict[str, str]) -> tuple[dict[str, str], str]:
    """The PM's RAG: mostly the suggestion; now and then an override with a comment."""
    chosen = {dim: suggested[dim] or rag.GREEN for dim in ("schedule", "cost", "quality")}
    comment = ""
    friday = weeks.week_end(week)
    scope = rag.GREEN
    if plan.rebaseline_on and plan.rebaseline_on - dt.timedelta(weeks=4) <= friday < plan.rebaseline_on:
        scope = rag.AMBER
    if plan.spec.profile == catalog.TROUBLED and week in plan.report_weeks[-6:]:
        scope = rag.AMBER
    if ctx.rng.random() < 0.04 and week != plan.report_weeks[0]:
        dim = ctx.rng.choice(["schedule", "cost"])
        if chosen[dim] == rag.AMBER:
            chosen[dim], comment = rag.GREEN, ctx.rng.choice(catalog.OVERRIDE_BETTER)
        elif chosen[dim] == rag.GREEN:
            chosen[dim], comment = rag.AMBER, ctx.rng.choice(catalog.OVERRIDE_WORSE)
    chosen["scope"] = scope
    chosen["overall"] = rag.overall_rag(
        schedule=chosen["schedule"], cost=chosen["cost"], quality=chosen["quality"], scope=scope
    )
    if not comment and suggested["overall"] and chosen["overall"] != suggested["overall"]:
        comment = catalog.SCOPE_COMMENT
    return chosen, comment


def report_texts(ctx: DemoContext, plan: ProjectPlan, week: str, chosen: dict[str, str]) -> dict[str, str]:
    rng = ctx.rng
    percent = plan.percent[week]
    phase = phase_for(float(percent))
    label = catalog.PHASE_LABELS[phase]
    last = week == plan.report_weeks[-1]
    if plan.state == ProjectState.CLOSED and last:
        return {
            "summary": "全工程を完了し、完了報告をステアリングコミッティで承認された。",
            "achievements": "・完了報告会を開催\n・運用部門への引き継ぎを完了",
            "next_plan": "・プロジェクト資産の整理(以降の週次報告は不要)",
            "help_needed": "",
        }
    if plan.state == ProjectState.ON_HOLD and last:
        return {
            "summary": "契約条件の見直しのため、今週をもってプロジェクトを一時中断する。"
            "再開時期はステアリングコミッティで判断予定。",
            "achievements": "・中断時点の成果物と課題の棚卸しを実施",
            "next_plan": "・再開条件の整理と関係者への説明",
            "help_needed": "再開判断の時期について経営判断をお願いしたい。",
        }
    worst = None
    for dim in ("schedule", "cost", "quality"):
        if chosen[dim] != rag.GREEN and (worst is None or rag.RAG_ORDER[chosen[dim]] > rag.RAG_ORDER[worst[1]]):
            worst = (dim, chosen[dim])
    bank = catalog.SUMMARY[worst] if worst else catalog.SUMMARY_GREEN
    summary = rng.choice(bank).format(phase=label, pc=f"{percent:.1f}")
    achievements = rng.sample(catalog.ACHIEVEMENTS[phase], min(len(catalog.ACHIEVEMENTS[phase]), rng.randint(2, 3)))
    next_plan = rng.sample(catalog.NEXT_PLANS[phase], 2)
    help_needed = ""
    if chosen["overall"] == rag.RED or (chosen["overall"] == rag.AMBER and rng.random() < 0.3):
        help_needed = rng.choice(catalog.HELP_NEEDED)
    return {
        "summary": summary,
        "achievements": "\n".join("・" + line.format(n=rng.randint(2, 40)) for line in achievements),
        "next_plan": "\n".join("・" + line for line in next_plan),
        "help_needed": help_needed,
    }
