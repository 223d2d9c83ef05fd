"""Meetings (weekly progress meetings for the last twelve weeks, monthly steering committees) and their action
items: bulk rows (``projects.demo.bulk``) with the creation entries ``create_meeting`` / ``create_action_item``
record. Attendees are the project's people, as the services require; guests are named in ``other_attendees``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from core.people import display_name
from projects import weeks
from projects.demo import catalog
from projects.demo.bulk import BulkWriter
from projects.demo.context import DemoContext
from projects.demo.plans import ProjectPlan, add_months, first_of_month, weekday_on_or_before
from projects.domain import rag
from projects.models import ActionItem, ActionStatus, Issue, IssueStatus, Meeting, MeetingKind, ProjectState
from projects.services.items.fields import ACTION_ITEM_FIELDS, MEETING_FIELDS


class MeetingMaker:
    def __init__(self, ctx: DemoContext, writer: BulkWriter) -> None:
        self.ctx, self.writer = ctx, writer
        self.meetings: list[Meeting] = []
        self.attendees: list[tuple[Meeting, list[Any]]] = []
        self.actions: list[ActionItem] = []
        self.open_issues = Counter(
            Issue.objects.filter(status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS]).values_list(
                "project_id", flat=True
            )
        )
        pmo, executive = ctx.users["pmo"], ctx.users["exec"]
        self.guests = f"{display_name(executive)}(役員)、{display_name(pmo)}(PMO)"

    def make(self) -> None:
        for plan in self.ctx.plans:
            vendor = self.ctx.rng.choice(catalog.VENDORS)
            if plan.state == ProjectState.PROPOSED:
                self.kick_off(plan)
                continue
            self.weekly(plan, vendor)
            self.steering(plan, vendor)
        writer = self.writer
        writer.insert(Meeting, self.meetings)
        through = Meeting.attendees.through
        links = [through(meeting_id=m.pk, user_id=u.pk) for m, users in self.attendees for u in users]
        through.objects.bulk_create(links, batch_size=1000)
        for item in self.actions:
            item.meeting_id = item.meeting.pk
        writer.insert(ActionItem, self.actions)

    def add(self, plan: ProjectPlan, meeting: Meeting, people: list[Any], titles: list[str]) -> None:
        people = list(dict.fromkeys(person for person in people if person is not None))
        meeting.created_at = self.ctx.at(meeting.held_on, 17)
        self.meetings.append(meeting)
        self.attendees.append((meeting, people))
        self.writer.created(
            meeting, actor=plan.pm, at=meeting.created_at, fields=MEETING_FIELDS, people={"attendees": people}
        )
        for title in titles:
            self.actions.append(self.action_item(plan, meeting, title))

    def team(self, plan: ProjectPlan) -> list[Any]:
        return [plan.pm, plan.deputy, *plan.members]

    def kick_off(self, plan: ProjectPlan) -> None:
        held = self.ctx.random_day(plan.created_on, self.ctx.today)
        meeting = Meeting(
            project=plan.project,
            kind=MeetingKind.OTHER,
            title="プロジェクト立上げ準備会議",
            held_on=held,
            duration_minutes=60,
            other_attendees=f"{plan.spec.customer} 担当者",
            minutes="1. プロジェクトの目的と範囲の確認\n2. 体制案の確認\n3. 概算見積と予算申請の進め方",
            decisions="次回までにプロジェクト計画書(案)を作成する。",
        )
        self.add(plan, meeting, self.team(plan), ["プロジェクト計画書(案)を作成する"])

    def weekly(self, plan: ProjectPlan, vendor: str) -> None:
        rng = self.ctx.rng
        for week in plan.report_weeks[-12:]:
            held = weeks.parse_week(week) + dt.timedelta(days=1)
            if held > self.ctx.today:
                continue
            report = plan.reports[week]
            meeting = Meeting(
                project=plan.project,
                kind=MeetingKind.WEEKLY,
                title=f"定例進捗会議 {held:%m/%d}",
                held_on=held,
                duration_minutes=60,
                other_attendees=f"{vendor} 2名",
                minutes=catalog.WEEKLY_MINUTES.format(
                    pc=f"{report.percent_complete:.1f}",
                    rag=catalog.RAG_LABELS[report.overall_rag],
                    issues=self.open_issues.get(plan.project.pk, 0),
                    next=report.next_plan.replace("\n", " "),
                ),
                decisions="" if rng.random() < 0.6 else "期限超過の課題は担当者が来週までに対応方針を提示する。",
            )
            self.add(
                plan,
                meeting,
                self.team(plan),
                rng.sample(catalog.in_language(catalog.ACTION_ITEMS, plan.spec), rng.randint(1, 2)),
            )

    def steering(self, plan: ProjectPlan, vendor: str) -> None:
        rng, today = self.ctx.rng, self.ctx.today
        last_day = plan.work_end or today
        for month in [add_months(first_of_month(today), -k) for k in range(5, -1, -1)]:
            held = weekday_on_or_before(month + dt.timedelta(days=17))
            if held < plan.start or held > last_day:
                continue
            report = plan.reports.get(weeks.week_of(held))
            meeting = Meeting(
                project=plan.project,
                kind=MeetingKind.STEERING,
                title=f"ステアリングコミッティ {month:%Y-%m}",
                held_on=held,
                duration_minutes=90,
                other_attendees=f"{self.guests}、{plan.spec.customer} 責任者、{vendor} 営業責任者",
                minutes=catalog.STEERING_MINUTES.format(
                    pc=f"{report.percent_complete:.1f}" if report else "—",
                    rag=catalog.RAG_LABELS[report.overall_rag] if report else "—",
                ),
                decisions=catalog.STEERING_DECISIONS[
                    1 if report and report.overall_rag == rag.RED else rng.choice([0, 2, 3])
                ],
            )
            self.add(
                plan,
                meeting,
                [plan.pm, plan.deputy],
                rng.sample(catalog.in_language(catalog.ACTION_ITEMS, plan.spec), 2),
            )

    def action_item(self, plan: ProjectPlan, meeting: Meeting, title: str) -> ActionItem:
        rng, today, held = self.ctx.rng, self.ctx.today, meeting.held_on
        due = held + dt.timedelta(days=rng.choice([7, 7, 14]))
        if plan.state == ProjectState.CLOSED:
            status = ActionStatus.DONE
        elif due < today - dt.timedelta(days=7):
            status = rng.choices([ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.OPEN], weights=[85, 5, 10])[0]
        elif due < today:
            status = ActionStatus.DONE if rng.random() < 0.6 else ActionStatus.OPEN
        else:
            status = ActionStatus.OPEN if rng.random() < 0.8 else ActionStatus.DONE
        created = self.ctx.at(held, 18)
        item = ActionItem(
            project=plan.project, meeting=meeting, title=title, owner=self.ctx.pick_owner(plan), due_date=due
        )
        item.created_at = created
        self.writer.created(item, actor=plan.pm, at=created, fields=ACTION_ITEM_FIELDS)
        if status != ActionStatus.OPEN:
            moment = max(created, self.ctx.at(min(due, today), 16))
            self.writer.updated(item, actor=item.owner, at=moment, values={"status": status})
        return item


def make_meetings(ctx: DemoContext, writer: BulkWriter) -> None:
    MeetingMaker(ctx, writer).make()
