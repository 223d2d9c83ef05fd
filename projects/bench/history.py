"""One chunk of bench projects: their plans, weekly reports (evaluated by the app's own code), items and meetings.

Everything for a chunk is built in memory and inserted with one ``bulk_create`` per table.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from core import audit
from projects import weeks
from projects.bench import copy
from projects.bench.people import People
from projects.bench.plan import ProjectPlan, make_baseline, make_plan, planned_percent
from projects.evaluation import COMPUTED_FIELDS, Inputs, apply_result, cumulative_curve, evaluate_inputs
from projects.models import (
    ActionItem,
    Baseline,
    CostActual,
    CostPlan,
    Issue,
    Meeting,
    Milestone,
    Project,
    ProjectMembership,
    QualityRecord,
    Risk,
    StatusReport,
    StatusReportRevision,
)
from projects.services.status import CONTENT_FIELDS

#: Projects with only the last half year of reports: the benchmark compares their page with a full history's, to
#: show that the project page's time does not grow with the number of weekly reports.
SHORT_HISTORY = 26
SHORT_HISTORY_CODES = frozenset({"BN-0002"})
ISSUES = ["性能要件の未達", "外部IFの仕様変更", "要員の離任", "テスト環境の不足", "ベンダー納期遅延", "移行データ不備"]
RISKS = ["キーパーソン依存", "為替変動", "法改正対応", "セキュリティ監査指摘", "クラウド費用超過", "ユーザー部門の体制"]
SUMMARIES = [
    "計画どおり進捗しています。",
    "一部作業に遅れがありますが、リカバリ策を実施中です。",
    "結合テストで不具合が増加しており、品質改善策を検討中です。",
    "コストが計画を上回っており、ステアリングコミッティで対応を協議します。",
]


def _frozen(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _reports(project: Project, plan: ProjectPlan, baseline: Baseline, week_list: list[str], people: People, rng):
    """The project's weekly reports, each evaluated on the plan, actuals, milestones and quality of its week."""
    curve = cumulative_curve((p.month, p.planned_cost) for p in plan.cost_plans)
    months = [a.month for a in plan.cost_actuals]
    totals, running = [], Decimal(0)
    for actual in plan.cost_actuals:
        running += actual.actual_cost
        totals.append(running)
    reviewer = people.pmo[0]
    reports = []
    for n, week in enumerate(week_list):
        status_date = weeks.week_end(week)
        k = bisect.bisect_right(months, status_date)
        inputs = Inputs(
            baseline=baseline,
            pv_curve=curve,
            actual_cost=totals[k - 1] if k else None,
            milestones=plan.milestones,
            quality=plan.quality.get(week),
        )
        percent = planned_percent(plan, status_date)
        result, suggested = evaluate_inputs(inputs, week=week, percent_complete=percent, actual_cost_to_date=None)
        chosen = {dim: suggested[dim] or "green" for dim in ("overall", "schedule", "cost", "quality")}
        comment = ""
        if rng.random() < 0.04 and chosen["overall"] != "red":
            chosen["overall"], comment = "red", "顧客との合意が遅れており、全体を赤として報告します。"
        last = n == len(week_list) - 1
        report = StatusReport(
            project=project,
            week=week,
            week_start=weeks.parse_week(week),
            state="submitted" if last else "reviewed",
            overall_rag=chosen["overall"],
            schedule_rag=chosen["schedule"],
            cost_rag=chosen["cost"],
            quality_rag=chosen["quality"],
            scope_rag="green",
            rag_comment=comment,
            percent_complete=percent,
            summary=SUMMARIES[rng.randrange(len(SUMMARIES))],
            achievements=f"{week}: 予定タスクを完了。",
            next_plan="次週は残課題の解消とレビューを実施します。",
            submitted_at=_frozen(status_date, 17),
            submitted_by=project.pm,
            reviewed_at=None if last else _frozen(status_date + dt.timedelta(days=3), 10),
            reviewed_by=None if last else reviewer,
            created_by=project.pm,
            updated_by=project.pm,
        )
        apply_result(report, baseline=baseline, result=result, suggested=suggested)
        reports.append(report)
    return reports


def _items(project: Project, plan: ProjectPlan, team: list, week_list: list[str], rng):
    first, last = weeks.parse_week(week_list[0]), weeks.week_end(week_list[-1])
    span = (last - first).days

    def day() -> dt.date:
        return first + dt.timedelta(days=rng.randint(0, span))

    issues, risks, meetings = [], [], []
    for i in range(30):
        raised = day()
        status = rng.choice(["open", "open", "in_progress", "resolved", "closed", "closed"])
        issues.append(
            Issue(
                project=project,
                title=f"{ISSUES[i % len(ISSUES)]} ({i + 1})",
                description="影響範囲を調査し、対応方針を決定する。",
                owner=rng.choice(team),
                priority=rng.choice(["low", "medium", "medium", "high", "critical"]),
                status=status,
                raised_on=raised,
                due_date=raised + dt.timedelta(days=rng.randint(7, 60)),
                resolved_on=raised + dt.timedelta(days=rng.randint(1, 40))
                if status in ("resolved", "closed")
                else None,
                escalation_level=rng.choice(["project"] * 8 + ["pmo", "executive"]),
            )
        )
        risks.append(
            Risk(
                project=project,
                title=f"{RISKS[i % len(RISKS)]} ({i + 1})",
                cause="外部要因",
                effect="スケジュール遅延",
                probability=rng.randint(1, 5),
                impact=rng.randint(1, 5),
                response=rng.choice(["avoid", "mitigate", "transfer", "accept"]),
                owner=rng.choice(team),
                next_review_date=day(),
                status=rng.choice(["open", "open", "open", "closed"]),
            )
        )
    for i in range(24):
        held = first + dt.timedelta(days=span * i // 24)
        meetings.append(
            Meeting(
                project=project,
                kind="steering" if i % 6 == 5 else "weekly",
                title=f"定例会議 第{i + 1}回",
                held_on=held,
                minutes="進捗と課題を確認した。",
                decisions="次回までに対応方針を提示する。",
            )
        )
    return issues, risks, meetings


def build_chunk(projects: list[Project], *, people: People, week_list: list[str], rng: random.Random) -> dict:
    """Insert everything of ``projects`` (already saved, without baselines); returns counts and milestones."""
    plans = [make_plan(rng, first_week=week_list[0], last_week=week_list[-1]) for _ in projects]
    baselines = Baseline.objects.bulk_create(
        [make_baseline(plan, project=p, created_by=p.pm) for p, plan in zip(projects, plans, strict=True)]
    )
    for project, baseline in zip(projects, baselines, strict=True):
        project.baseline = baseline
    Project.objects.bulk_update(projects, ["baseline"])
    rows: dict[type, list] = {m: [] for m in (CostPlan, CostActual, Milestone, QualityRecord, StatusReport)}
    items: dict[type, list] = {Issue: [], Risk: [], Meeting: []}
    memberships, teams = [], {}
    for project, plan, baseline in zip(projects, plans, baselines, strict=True):
        for obj in (*plan.cost_plans, *plan.cost_actuals, *plan.milestones, *plan.quality.values()):
            obj.project = project
        rows[CostPlan] += plan.cost_plans
        rows[CostActual] += plan.cost_actuals
        rows[Milestone] += plan.milestones
        rows[QualityRecord] += plan.quality.values()
        history = week_list[-SHORT_HISTORY:] if project.code in SHORT_HISTORY_CODES else week_list
        rows[StatusReport] += _reports(project, plan, baseline, history, people, rng)
        team = rng.sample(people.members, 5)
        teams[project.pk] = team
        memberships += [ProjectMembership(project=project, user=u, project_role="開発担当") for u in team]
        for model, made in zip((Issue, Risk, Meeting), _items(project, plan, team, week_list, rng), strict=True):
            items[model] += made
    counts = {}
    for model, objs in [*rows.items(), *items.items()]:
        copy.insert(model, objs)
        counts[model._meta.verbose_name_plural] = len(objs)
    copy.insert(ProjectMembership, memberships)
    fields = CONTENT_FIELDS + COMPUTED_FIELDS
    revisions = [
        StatusReportRevision(
            report=r, revision=1, state="submitted", content=audit.snapshot(r, fields), created_by=r.created_by
        )
        for r in rows[StatusReport]
    ]
    copy.insert(StatusReportRevision, revisions)
    attendees = Meeting.attendees.through
    links, actions = [], []
    for meeting in items[Meeting]:
        team = teams[meeting.project_id]
        links += [attendees(meeting_id=meeting.pk, user_id=u.pk) for u in (meeting.project.pm, *team[:2])]
        actions += [
            ActionItem(
                project_id=meeting.project_id,
                meeting=meeting,
                title=f"{meeting.title} 宿題 {k + 1}",
                owner=rng.choice(team),
                due_date=meeting.held_on + dt.timedelta(days=14),
                status="done" if meeting.held_on < weeks.parse_week(week_list[-8]) else "open",
            )
            for k in range(2)
        ]
    copy.insert(attendees, links)
    copy.insert(ActionItem, actions)
    counts["revisions"] = len(revisions)
    counts["action items"] = len(actions)
    milestones = {}
    for m in rows[Milestone]:
        milestones.setdefault(m.project_id, []).append(m)
    return {"counts": counts, "milestones": milestones}
