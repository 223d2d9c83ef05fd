"""Build the demo portfolio: users, organisation and about 30 projects with half a year of history.

How the numbers are made (so that every page shows something true):

* Each project gets a BAC, a planned start/end and a monthly cost plan shaped like an S-curve
  (``smoothstep``), from which PV is read exactly as ``services.metrics`` reads it.
* A health *profile* (catalog) gives the project an SPI and a CPI that drift from 1.0 towards a final value
  (a "recovering" project dips about three months ago). % complete = SPI × PV / BAC, never decreasing;
  AC = EV / CPI. Monthly cost actuals are booked for the months that have ended, and each weekly report's
  ``actual_cost_to_date`` equals their sum at month ends (linear within a month).
* Each weekly report is evaluated with ``services.metrics.evaluate`` (the same code the status form uses);
  the PM mostly takes the suggested RAG and occasionally overrides it with a comment.
* Bulk rows go in with ``bulk_create``; projects, baselines (re-baselines) and memberships go through the
  services so the History tab starts with real entries. ``auto_now_add`` timestamps are then back-dated.
* ``random.Random(seed)`` drives every choice: the same seed on the same day gives the same portfolio.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone

from core import audit as history, roles
from projects import services, weeks
from projects.demo import catalog
from projects.demo.catalog import ProjectSpec
from projects.domain import evm, rag
from core.models import AuditEntry
from projects.models import (
    ActionItem,
    ActionStatus,
    Baseline,
    ChangeRequest,
    ChangeStatus,
    CostActual,
    CostPlan,
    EscalationLevel,
    Issue,
    IssueStatus,
    Meeting,
    MeetingKind,
    Milestone,
    OrgUnit,
    Phase,
    Priority,
    Program,
    Project,
    ProjectMembership,
    ProjectState,
    ProjectType,
    QualityRecord,
    ReportState,
    Risk,
    RiskResponse,
    RiskStatus,
    StatusReport,
    StatusReportRevision,
)
from projects.services.metrics import COMPUTED_FIELDS, evaluate, month_end
from projects.services.status import CONTENT_FIELDS

HISTORY_WEEKS = 26
MAX_PROJECTS = 200

SUMMARY_MODELS: tuple[type[models.Model], ...] = (
    OrgUnit,
    Program,
    Project,
    Baseline,
    ProjectMembership,
    CostPlan,
    CostActual,
    Milestone,
    QualityRecord,
    StatusReport,
    StatusReportRevision,
    Issue,
    Risk,
    ChangeRequest,
    Meeting,
    ActionItem,
    AuditEntry,
)


# ---------------------------------------------------------------------------------------------------------
# Small date and number helpers
# ---------------------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------------------
# The plan of one project (all in memory before anything is written)
# ---------------------------------------------------------------------------------------------------------


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
    project: Project | None = None
    pm: Any = None
    deputy: Any = None
    members: list[Any] = field(default_factory=list)
    reports: dict[str, StatusReport] = field(default_factory=dict)

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
    changes = [c for c in catalog.CHANGE_REQUESTS if not c[2]]
    return changes[plan.index % len(changes)]


def current_phase(plan: ProjectPlan) -> str:
    if plan.state == ProjectState.PROPOSED:
        return Phase.INITIATION
    if plan.state == ProjectState.CLOSED:
        return Phase.CLOSURE
    if not plan.report_weeks:
        return Phase.INITIATION
    return phase_for(float(plan.percent[plan.report_weeks[-1]]))


# ---------------------------------------------------------------------------------------------------------
# The builder
# ---------------------------------------------------------------------------------------------------------


@dataclass
class DemoSummary:
    counts: dict[str, int]
    logins: list[tuple[str, str, str]]  # username, role, full name
    seconds: float = 0.0


class DemoBuilder:
    """One run of the demo seed. Call ``build()`` inside a transaction."""

    def __init__(self, *, projects: int, seed: int, today: dt.date | None = None) -> None:
        if not 1 <= projects <= MAX_PROJECTS:
            raise ValueError(f"projects must be between 1 and {MAX_PROJECTS}")
        self.n_projects = projects
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.today = today or timezone.localdate()
        self.current_week = weeks.week_of(self.today)
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.users: dict[str, Any] = {}
        self.orgs: dict[str, OrgUnit] = {}
        self.programs: dict[str, Program] = {}
        self.plans: list[ProjectPlan] = []
        # (object, {field: value}) pairs whose auto_now_add timestamps are back-dated at the end.
        self.backdates: dict[type[models.Model], list[tuple[models.Model, dict[str, dt.datetime]]]] = {}
        self.report_created: dict[int, dt.datetime] = {}

    # -- helpers -------------------------------------------------------------------------------------------

    def at(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        """An aware datetime on ``day`` (local time), never later than now."""
        moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)
        return min(moment, self.now - dt.timedelta(minutes=5))

    def backdate(self, obj: models.Model, **values: dt.datetime) -> None:
        self.backdates.setdefault(type(obj), []).append((obj, values))

    def pick_owner(self, plan: ProjectPlan) -> Any:
        people = [plan.pm, *plan.members]
        if plan.deputy:
            people.append(plan.deputy)
        member1 = self.users["member1"]
        if member1 in plan.members and self.rng.random() < 0.2:
            return member1
        return self.rng.choice(people)

    def random_day(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))

    # -- steps ---------------------------------------------------------------------------------------------

    def build(self) -> DemoSummary:
        started = timezone.now()
        self.make_users()
        self.make_organisation()
        self.make_plans()
        self.make_projects()
        self.make_cost_rows()
        self.make_milestones()
        self.make_quality_records()
        self.make_status_reports()
        self.make_issues_and_risks()
        self.make_change_requests()
        self.make_meetings()
        self.apply_backdates()
        for plan in self.plans:
            services.refresh_project_snapshot(project=plan.project)
        counts = {model.__name__: model.objects.count() for model in SUMMARY_MODELS}
        counts["Users"] = get_user_model().objects.filter(username__in=[u.username for u in catalog.USERS]).count()
        logins = [(u.username, u.role, f"{u.last_name} {u.first_name}") for u in catalog.USERS]
        return DemoSummary(counts=counts, logins=logins, seconds=(timezone.now() - started).total_seconds())

    def make_users(self) -> None:
        """The demo logins, all with the password ``demo``; existing ones are brought back to that state."""
        User = get_user_model()
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL_ROLES}
        password = make_password(catalog.DEMO_PASSWORD)  # hashed once: demo accounts only
        for spec in catalog.USERS:
            user, _created = User.objects.update_or_create(
                username=spec.username,
                defaults={
                    "first_name": spec.first_name,
                    "last_name": spec.last_name,
                    "email": spec.email,
                    "password": password,
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                },
            )
            user.groups.set([groups[spec.role]])
            self.users[spec.username] = user

    def make_organisation(self) -> None:
        for code, name, parent in catalog.ORG_UNITS:
            self.orgs[code] = OrgUnit.objects.create(code=code, name=name, parent=self.orgs[parent] if parent else None)
        for code, name, description, org in catalog.PROGRAMS:
            self.programs[code] = Program.objects.create(
                code=code, name=name, description=description, org_unit=self.orgs[org]
            )

    def make_plans(self) -> None:
        pm1_first_done = False
        for index in range(self.n_projects):
            spec = catalog.PROJECTS[index % len(catalog.PROJECTS)]
            plan = plan_project(index, spec, self.rng, self.today)
            if not pm1_first_done and spec.pm == "pm1" and spec.state == ProjectState.ACTIVE:
                plan.keep_current_week_open = True  # the browser test writes this week's report
                pm1_first_done = True
            elif spec.state == ProjectState.ACTIVE:
                plan.returned_last_week = index == 1 or self.rng.random() < 0.1
            build_cost_plan(plan)
            build_actuals(plan, self.today)
            build_series(plan, self.today, self.current_week)
            self.plans.append(plan)

    def make_projects(self) -> None:
        """Projects, first baselines, re-baselines and memberships through the services (with history)."""
        pmo, executive = self.users["pmo"], self.users["exec"]
        member_pool = [self.users[name] for name in catalog.MEMBER_USERNAMES]
        for plan in self.plans:
            spec = plan.spec
            plan.pm = self.users[spec.pm]
            plan.deputy = self.users[spec.deputy] if spec.deputy else None
            project = services.create_project(
                actor=plan.pm,
                data={
                    "code": plan.code,
                    "name": plan.name,
                    "description": spec.description,
                    "org_unit": self.orgs[spec.org],
                    "program": self.programs[spec.program] if spec.program else None,
                    "pm": plan.pm,
                    "deputy_pm": plan.deputy,
                    "sponsor": catalog.SPONSORS[spec.org],
                    "customer": spec.customer,
                    "project_type": spec.project_type,
                    "state": spec.state,
                    "phase": current_phase(plan),
                    "confidential": spec.confidential,
                    "currency": "JPY",
                },
                baseline={
                    "planned_start": plan.start,
                    "planned_end": plan.first_end or plan.end,
                    "bac": Decimal(plan.first_bac or plan.bac),
                    "open_defects_target": plan.open_defects_target,
                    "test_pass_rate_target": plan.test_pass_rate_target,
                    "review_coverage_target": Decimal("100.00"),
                },
            )
            plan.project = project
            self.backdate(project, created_at=self.at(plan.created_on))
            self.backdate(project.baseline, created_at=self.at(plan.created_on))
            if spec.rebaseline and plan.rebaseline_on:
                title, reason, _decision = rebaseline_change(plan)
                change = ChangeRequest.objects.create(
                    project=project,
                    title=title,
                    reason=reason,
                    cost_impact=Decimal(plan.bac - (plan.first_bac or plan.bac)),
                    schedule_impact_days=(plan.end - (plan.first_end or plan.end)).days,
                    status=ChangeStatus.APPROVED,
                    decided_by=executive,
                    decided_on=plan.rebaseline_on - dt.timedelta(days=2),
                    requested_by=plan.pm,
                )
                self.backdate(change, created_at=self.at(plan.rebaseline_on - dt.timedelta(days=16)))
                second = services.rebaseline(
                    actor=pmo,
                    project=project,
                    planned_start=plan.start,
                    planned_end=plan.end,
                    bac=Decimal(plan.bac),
                    reason=catalog.REBASELINE_REASON.format(cr=title),
                    change_request=change,
                )
                self.backdate(second, created_at=self.at(plan.rebaseline_on, 15))
            # Members: pm1 never joins a confidential project (it must stay hidden from pm1).
            count = self.rng.randint(2, 4)
            chosen = self.rng.sample(member_pool, count)
            member1 = self.users["member1"]
            if spec.pm == "pm1" and member1 not in chosen and (plan.keep_current_week_open or self.rng.random() < 0.7):
                chosen[0] = member1
            roles_pool = list(catalog.PROJECT_ROLES)
            self.rng.shuffle(roles_pool)
            if plan.deputy:
                services.set_membership(
                    actor=plan.pm, project=project, user=plan.deputy, project_role=catalog.DEPUTY_ROLE
                )
            for user, project_role in zip(chosen, roles_pool, strict=False):
                services.set_membership(actor=plan.pm, project=project, user=user, project_role=project_role)
            plan.members = chosen

    def make_cost_rows(self) -> None:
        plans, actuals = [], []
        for plan in self.plans:
            plans += [CostPlan(project=plan.project, month=m, planned_cost=Decimal(v)) for m, v in plan.monthly_plan]
            actuals += [CostActual(project=plan.project, month=m, actual_cost=Decimal(v)) for m, v in plan.booked]
        CostPlan.objects.bulk_create(plans, batch_size=500)
        CostActual.objects.bulk_create(actuals, batch_size=500)

    def make_milestones(self) -> None:
        rows = []
        for plan in self.plans:
            infra = plan.spec.project_type == ProjectType.INFRASTRUCTURE
            if infra:
                templates = catalog.MILESTONES_INFRA_EN if plan.spec.english else catalog.MILESTONES_INFRA_JA
            else:
                templates = catalog.MILESTONES_SYSTEM_EN if plan.spec.english else catalog.MILESTONES_SYSTEM_JA
            optional = [t for t in templates if t[4]]
            keep = set(self.rng.sample(range(len(optional)), self.rng.randint(0, 2)))
            chosen = [t for t in templates if not t[4] or optional.index(t) in keep]
            span = (plan.end - plan.start).days
            for name, phase, fraction, gate, _optional in chosen:
                baseline = weekday_on_or_before(plan.start + dt.timedelta(days=round(span * fraction)))
                forecast, actual = self.milestone_dates(plan, baseline, gate)
                rows.append(
                    Milestone(
                        project=plan.project,
                        name=name,
                        phase=phase,
                        baseline_date=baseline,
                        forecast_date=forecast,
                        actual_date=actual,
                        weight=Decimal(2 if gate else 1),
                        is_phase_gate=gate,
                    )
                )
        Milestone.objects.bulk_create(rows, batch_size=500)

    def milestone_dates(
        self, plan: ProjectPlan, baseline: dt.date, gate: bool
    ) -> tuple[dt.date | None, dt.date | None]:
        """(forecast, actual) following the project's profile; a gate slips > 10 working days only when troubled."""
        rng, profile = self.rng, plan.spec.profile
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
        limit = plan.work_end or self.today
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

    def make_quality_records(self) -> None:
        rows = []
        for plan in self.plans:
            rng, target, open_prev = self.rng, plan.open_defects_target, 0
            recent = set(plan.report_weeks[-8:])
            for week in plan.report_weeks:
                phase = phase_for(float(plan.percent[week]))
                factor = (
                    plan.quality_factor if (not plan.spec.quality_poor or week in recent) else rng.uniform(0.5, 0.9)
                )
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
        QualityRecord.objects.bulk_create(rows, batch_size=500)

    # -- weekly status reports -------------------------------------------------------------------------------

    def report_state(self, plan: ProjectPlan, position_from_end: int, week: str) -> str:
        if plan.state != ProjectState.ACTIVE or plan.keep_current_week_open:
            return ReportState.REVIEWED
        if position_from_end == 0 and week == self.current_week:
            return ReportState.DRAFT if self.rng.random() < 0.65 else ReportState.SUBMITTED
        if position_from_end == 1:
            if plan.returned_last_week:
                return ReportState.RETURNED
            return ReportState.SUBMITTED if self.rng.random() < 0.4 else ReportState.REVIEWED
        return ReportState.REVIEWED

    def choose_rag(self, plan: ProjectPlan, week: str, suggested: dict[str, str]) -> tuple[dict[str, str], str]:
        """The PM's RAG: mostly the suggestion; now and then an override with a comment."""
        chosen = {dim: suggested[dim] or rag.GREEN for dim in ("schedule", "cost", "quality")}
        comment = ""
        friday = weeks.week_end(week)
        scope = rag.GREEN
        if plan.rebaseline_on and plan.rebaseline_on - dt.timedelta(weeks=4) <= friday < plan.rebaseline_on:
            scope = rag.AMBER
        if plan.spec.profile == catalog.TROUBLED and week in plan.report_weeks[-6:]:
            scope = rag.AMBER
        if self.rng.random() < 0.04 and week != plan.report_weeks[0]:
            dim = self.rng.choice(["schedule", "cost"])
            if chosen[dim] == rag.AMBER:
                chosen[dim], comment = rag.GREEN, self.rng.choice(catalog.OVERRIDE_BETTER)
            elif chosen[dim] == rag.GREEN:
                chosen[dim], comment = rag.AMBER, self.rng.choice(catalog.OVERRIDE_WORSE)
        chosen["scope"] = scope
        chosen["overall"] = rag.overall_rag(
            schedule=chosen["schedule"], cost=chosen["cost"], quality=chosen["quality"], scope=scope
        )
        if not comment and suggested["overall"] and chosen["overall"] != suggested["overall"]:
            comment = catalog.SCOPE_COMMENT
        return chosen, comment

    def report_texts(self, plan: ProjectPlan, week: str, chosen: dict[str, str]) -> dict[str, str]:
        rng = self.rng
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

    def make_status_reports(self) -> None:
        reports: list[StatusReport] = []
        pmo = self.users["pmo"]
        for plan in self.plans:
            n = len(plan.report_weeks)
            for i, week in enumerate(plan.report_weeks):
                percent, actual = plan.percent[week], plan.actual[week]
                result, suggested = evaluate(
                    plan.project, week=week, percent_complete=percent, actual_cost_to_date=actual
                )
                chosen, comment = self.choose_rag(plan, week, suggested)
                state = self.report_state(plan, n - 1 - i, week)
                monday = weeks.parse_week(week)
                report = StatusReport(
                    project=plan.project,
                    week=week,
                    week_start=monday,
                    state=state,
                    revision=1,
                    overall_rag=chosen["overall"],
                    schedule_rag=chosen["schedule"],
                    cost_rag=chosen["cost"],
                    quality_rag=chosen["quality"],
                    scope_rag=chosen["scope"],
                    rag_comment=comment,
                    percent_complete=percent,
                    actual_cost_to_date=actual,
                    suggested_schedule_rag=suggested["schedule"],
                    suggested_cost_rag=suggested["cost"],
                    suggested_quality_rag=suggested["quality"],
                    suggested_overall_rag=suggested["overall"],
                    pv=result.pv,
                    ev=result.ev,
                    ac=result.ac,
                    spi=result.spi,
                    cpi=result.cpi,
                    spi_t=result.spi_t,
                    eac=result.eac,
                    created_by=plan.pm,
                    updated_by=plan.pm,
                    version={ReportState.DRAFT: 1, ReportState.SUBMITTED: 2}.get(state, 3),
                    **self.report_texts(plan, week, chosen),
                )
                created = self.at(monday + dt.timedelta(days=self.rng.randint(2, 3)), self.rng.randint(9, 15))
                if state != ReportState.DRAFT:
                    report.submitted_by = plan.pm
                    report.submitted_at = max(
                        created, self.at(monday + dt.timedelta(days=4), 16, self.rng.randint(0, 59))
                    )
                if state in (ReportState.REVIEWED, ReportState.RETURNED):
                    report.reviewed_by = pmo
                    report.reviewed_at = max(
                        report.submitted_at, self.at(monday + dt.timedelta(days=7), self.rng.randint(10, 17))
                    )
                    if state == ReportState.RETURNED:
                        report.review_comment = self.rng.choice(catalog.REVIEW_COMMENTS)
                    elif self.rng.random() < 0.08:
                        report.review_comment = "確認しました。リスク対応の進捗を次週も報告してください。"
                self.backdate(
                    report, created_at=created, updated_at=report.reviewed_at or report.submitted_at or created
                )
                self.report_created[id(report)] = created
                plan.reports[week] = report
                reports.append(report)
        StatusReport.objects.bulk_create(reports, batch_size=500)
        self.make_revisions_and_history(reports)

    def make_revisions_and_history(self, reports: list[StatusReport]) -> None:
        """A frozen revision per submitted report, and History entries for the last four weeks."""
        revisions, entries = [], []
        recent_from = weeks.week_of(self.today - dt.timedelta(weeks=3))
        pmo = self.users["pmo"]
        for report in reports:
            if report.submitted_at:
                revision = StatusReportRevision(
                    report=report,
                    revision=1,
                    state=ReportState.SUBMITTED,
                    content=history.snapshot(report, CONTENT_FIELDS + COMPUTED_FIELDS),
                    created_by=report.submitted_by,
                )
                revisions.append(revision)
                self.backdate(revision, created_at=report.submitted_at)
            if report.week < recent_from:
                continue
            created = {k: [None, v] for k, v in history.snapshot(report, CONTENT_FIELDS).items() if v not in (None, "")}
            steps = [("create", report.created_by, created, "", self.report_created[id(report)])]
            if report.submitted_at:
                steps.append(
                    ("submitted", report.submitted_by, {"state": ["draft", "submitted"]}, "", report.submitted_at)
                )
            if report.reviewed_at:
                steps.append(
                    (
                        report.state,
                        pmo,
                        {"state": ["submitted", report.state]},
                        report.review_comment,
                        report.reviewed_at,
                    )
                )
            for action, actor, changes, comment, moment in steps:
                entry = AuditEntry(
                    project_id=report.project_id, app_label="projects",
                    actor=actor,
                    action=action,
                    object_type=StatusReport._meta.model_name,
                    object_id=report.pk,
                    object_repr=str(report)[:250],
                    changes=changes,
                    comment=comment,
                )
                entries.append(entry)
                self.backdate(entry, at=moment)
        StatusReportRevision.objects.bulk_create(revisions, batch_size=500)
        AuditEntry.objects.bulk_create(entries, batch_size=500)

    # -- issues, risks, change requests, meetings ---------------------------------------------------------------

    def make_issues_and_risks(self) -> None:
        issues, risks, materialised = [], [], []
        rng, today = self.rng, self.today
        for plan in self.plans:
            profile, state = plan.spec.profile, plan.state
            work_from = plan.created_on if state == ProjectState.PROPOSED else plan.start + dt.timedelta(days=7)
            work_to = (plan.work_end or today) - dt.timedelta(days=3)
            n_issues = {
                catalog.ON_TRACK: rng.randint(3, 6),
                catalog.TROUBLED: rng.randint(8, 10),
            }.get(profile, rng.randint(5, 8))
            if state == ProjectState.PROPOSED:
                n_issues = 3
            for number, (title, description, resolution) in enumerate(rng.sample(catalog.ISSUES, n_issues)):
                raised = self.random_day(max(work_from, work_to - dt.timedelta(weeks=30)), work_to)
                due = raised + dt.timedelta(days=rng.randint(10, 45))
                status, resolved_on = self.issue_status(plan, raised, due)
                priority = rng.choices(
                    [Priority.LOW, Priority.MEDIUM, Priority.HIGH, Priority.CRITICAL],
                    weights=[15, 45, 30, 10 if profile != catalog.TROUBLED else 25],
                )[0]
                escalation = EscalationLevel.PROJECT
                if status in (IssueStatus.OPEN, IssueStatus.IN_PROGRESS) and priority in (
                    Priority.HIGH,
                    Priority.CRITICAL,
                ):
                    escalation = (
                        EscalationLevel.EXECUTIVE
                        if profile == catalog.TROUBLED and number == 0
                        else EscalationLevel.PMO
                    )
                owner = self.pick_owner(plan)
                if number == 0 and self.users["member1"] in plan.members:
                    owner = self.users["member1"]
                issue = Issue(
                    project=plan.project,
                    title=title,
                    description=description,
                    owner=owner,
                    priority=priority,
                    status=status,
                    raised_on=raised,
                    due_date=due,
                    resolved_on=resolved_on,
                    resolution=resolution if resolved_on else "",
                    escalation_level=escalation,
                )
                issues.append(issue)
                self.backdate(issue, created_at=self.at(raised, 11), updated_at=self.at(resolved_on or raised, 17))
            n_risks = {catalog.ON_TRACK: rng.randint(3, 5), catalog.TROUBLED: rng.randint(6, 8)}.get(
                profile, rng.randint(4, 7)
            )
            high = profile in (catalog.TROUBLED, catalog.SCHEDULE_SLIP, catalog.COST_OVERRUN)
            for number, (title, cause, effect, mitigation, trigger) in enumerate(rng.sample(catalog.RISKS, n_risks)):
                probability = rng.choices([1, 2, 3, 4, 5], weights=[2, 3, 4, 3 if high else 2, 2 if high else 1])[0]
                impact = rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 3, 2 if high else 1])[0]
                status = RiskStatus.OPEN
                if state == ProjectState.CLOSED or rng.random() < 0.15:
                    status = RiskStatus.CLOSED
                materialise = (
                    number == 0
                    and state == ProjectState.ACTIVE
                    and profile != catalog.ON_TRACK
                    and (profile == catalog.TROUBLED or rng.random() < 0.6)
                )
                if materialise:
                    status, probability = RiskStatus.MATERIALISED, max(probability, 4)
                registered = self.random_day(work_from - dt.timedelta(days=10), work_to)
                risk = Risk(
                    project=plan.project,
                    title=title,
                    cause=cause,
                    effect=effect,
                    probability=probability,
                    impact=impact,
                    response=rng.choices(
                        [RiskResponse.MITIGATE, RiskResponse.AVOID, RiskResponse.TRANSFER, RiskResponse.ACCEPT],
                        weights=[60, 15, 10, 15],
                    )[0],
                    mitigation_plan=mitigation,
                    owner=self.pick_owner(plan),
                    trigger=trigger,
                    next_review_date=today + dt.timedelta(days=rng.randint(3, 28))
                    if status == RiskStatus.OPEN
                    else None,
                    status=status,
                )
                risks.append(risk)
                self.backdate(risk, created_at=self.at(registered, 14), updated_at=self.at(registered, 14))
                if materialise:
                    materialised.append((plan, risk))
        Risk.objects.bulk_create(risks, batch_size=500)
        for plan, risk in materialised:
            score = risk.probability * risk.impact
            raised = self.today - dt.timedelta(days=self.rng.randint(10, 40))
            issue = Issue(
                project=plan.project,
                title=risk.title,
                description="\n\n".join(part for part in (risk.cause, risk.effect, risk.mitigation_plan) if part),
                owner=risk.owner,
                priority=Priority.CRITICAL if score >= 20 else Priority.HIGH if score >= 12 else Priority.MEDIUM,
                status=IssueStatus.IN_PROGRESS,
                raised_on=raised,
                due_date=raised + dt.timedelta(days=self.rng.randint(14, 50)),
                escalation_level=EscalationLevel.PMO,
                source_risk=risk,
            )
            issues.append(issue)
            self.backdate(issue, created_at=self.at(raised, 11), updated_at=self.at(raised, 11))
        Issue.objects.bulk_create(issues, batch_size=500)

    def issue_status(self, plan: ProjectPlan, raised: dt.date, due: dt.date) -> tuple[str, dt.date | None]:
        rng, today = self.rng, self.today
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

    def make_change_requests(self) -> None:
        rows = []
        rng = self.rng
        deciders = [self.users["exec"], self.users["pmo"]]
        for plan in self.plans:
            existing = 1 if plan.spec.rebaseline else 0
            count = 1 if plan.state == ProjectState.PROPOSED else rng.randint(1, 3) - existing
            work_to = plan.work_end or self.today
            used = rebaseline_change(plan) if plan.spec.rebaseline else None
            candidates = [c for c in catalog.CHANGE_REQUESTS if c != used]
            for title, reason, decision in rng.sample(candidates, max(count, 0)):
                raised = self.random_day(min(plan.created_on, work_to), work_to)
                if decision:
                    status = ChangeStatus.DECISION
                elif plan.state == ProjectState.PROPOSED:
                    status = ChangeStatus.PROPOSED
                else:
                    status = rng.choices(
                        [ChangeStatus.APPROVED, ChangeStatus.REJECTED, ChangeStatus.PROPOSED], weights=[5, 2, 3]
                    )[0]
                decided = status != ChangeStatus.PROPOSED
                change = ChangeRequest(
                    project=plan.project,
                    title=title,
                    reason=reason,
                    cost_impact=Decimal(0 if decision else rng.randint(1, 30) * 500_000),
                    schedule_impact_days=0 if decision else rng.choice([0, 0, 5, 10, 20, 30]),
                    status=status,
                    decided_by=(plan.pm if decision else rng.choice(deciders)) if decided else None,
                    decided_on=min(work_to, raised + dt.timedelta(days=rng.randint(3, 20))) if decided else None,
                    requested_by=plan.pm,
                )
                rows.append(change)
                self.backdate(change, created_at=self.at(raised, 13))
        ChangeRequest.objects.bulk_create(rows, batch_size=500)

    def make_meetings(self) -> None:
        meetings: list[Meeting] = []
        attendees: list[tuple[Meeting, list[Any]]] = []
        actions: list[ActionItem] = []
        rng, today = self.rng, self.today
        executive, pmo = self.users["exec"], self.users["pmo"]
        open_issue_counts = Counter(
            Issue.objects.filter(status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS]).values_list(
                "project_id", flat=True
            )
        )
        for plan in self.plans:
            vendor = rng.choice(catalog.VENDORS)
            team = [plan.pm, *([plan.deputy] if plan.deputy else []), *plan.members]
            if plan.state == ProjectState.PROPOSED:
                held = self.random_day(plan.created_on, today)
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
                meetings.append(meeting)
                attendees.append((meeting, team))
                actions.append(self.action_item(plan, meeting, "プロジェクト計画書(案)を作成する", held))
                continue
            for week in plan.report_weeks[-12:]:
                held = weeks.parse_week(week) + dt.timedelta(days=1)
                if held > today:
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
                        issues=open_issue_counts.get(plan.project.pk, 0),
                        next=report.next_plan.replace("\n", " "),
                    ),
                    decisions="" if rng.random() < 0.6 else "期限超過の課題は担当者が来週までに対応方針を提示する。",
                )
                meetings.append(meeting)
                attendees.append((meeting, team))
                for title in rng.sample(catalog.ACTION_ITEMS, rng.randint(1, 2)):
                    actions.append(self.action_item(plan, meeting, title, held))
            months = [add_months(first_of_month(today), -k) for k in range(5, -1, -1)]
            last_day = plan.work_end or today
            for month in months:
                held = weekday_on_or_before(month + dt.timedelta(days=17))
                if held < plan.start or held > last_day:
                    continue
                week = weeks.week_of(held)
                report = plan.reports.get(week)
                meeting = Meeting(
                    project=plan.project,
                    kind=MeetingKind.STEERING,
                    title=f"ステアリングコミッティ {month:%Y-%m}",
                    held_on=held,
                    duration_minutes=90,
                    other_attendees=f"{plan.spec.customer} 責任者、{vendor} 営業責任者",
                    minutes=catalog.STEERING_MINUTES.format(
                        pc=f"{report.percent_complete:.1f}" if report else "—",
                        rag=catalog.RAG_LABELS[report.overall_rag] if report else "—",
                    ),
                    decisions=catalog.STEERING_DECISIONS[
                        1 if report and report.overall_rag == rag.RED else rng.choice([0, 2, 3])
                    ],
                )
                meetings.append(meeting)
                attendees.append((meeting, [plan.pm, executive, pmo, *([plan.deputy] if plan.deputy else [])]))
                for title in rng.sample(catalog.ACTION_ITEMS, 2):
                    actions.append(self.action_item(plan, meeting, title, held))
        Meeting.objects.bulk_create(meetings, batch_size=500)
        through = Meeting.attendees.through
        links = [through(meeting_id=m.pk, user_id=u.pk) for m, users in attendees for u in dict.fromkeys(users)]
        through.objects.bulk_create(links, batch_size=1000)
        for item in actions:
            item.meeting_id = item.meeting.pk
        ActionItem.objects.bulk_create(actions, batch_size=500)

    def action_item(self, plan: ProjectPlan, meeting: Meeting, title: str, held: dt.date) -> ActionItem:
        rng, today = self.rng, self.today
        due = held + dt.timedelta(days=rng.choice([7, 7, 14]))
        if plan.state == ProjectState.CLOSED:
            status = ActionStatus.DONE
        elif due < today - dt.timedelta(days=7):
            status = rng.choices([ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.OPEN], weights=[85, 5, 10])[0]
        elif due < today:
            status = ActionStatus.DONE if rng.random() < 0.6 else ActionStatus.OPEN
        else:
            status = ActionStatus.OPEN if rng.random() < 0.8 else ActionStatus.DONE
        item = ActionItem(
            project=plan.project, meeting=meeting, title=title, owner=self.pick_owner(plan), due_date=due, status=status
        )
        self.backdate(item, created_at=self.at(held, 18))
        return item

    def apply_backdates(self) -> None:
        """Give ``auto_now``/``auto_now_add`` fields the dates the demo story needs (bulk_update skips pre_save)."""
        for model, pairs in self.backdates.items():
            by_fields: dict[tuple[str, ...], list[models.Model]] = {}
            for obj, values in pairs:
                for name, value in values.items():
                    setattr(obj, name, value)
                by_fields.setdefault(tuple(sorted(values)), []).append(obj)
            for fields, objs in by_fields.items():
                model.objects.bulk_update(objs, list(fields), batch_size=300)
        # History written by the services (create, baseline, rebaseline, add member) gets the same story.
        moments: dict[tuple[int, str], dt.datetime] = {}
        for plan in self.plans:
            pk = plan.project.pk
            moments[(pk, "create")] = moments[(pk, "baseline")] = self.at(plan.created_on)
            moments[(pk, "add member")] = self.at(plan.created_on + dt.timedelta(days=1), 11)
            if plan.rebaseline_on:
                moments[(pk, "rebaseline")] = self.at(plan.rebaseline_on, 15)
        service_entries = list(
            AuditEntry.objects.filter(project_id__in=[p.project.pk for p in self.plans]).exclude(object_type="statusreport")
        )
        for entry in service_entries:
            entry.at = moments.get((entry.project_id, entry.action), entry.at)
        AuditEntry.objects.bulk_update(service_entries, ["at"], batch_size=300)


def demo_data_exists() -> bool:
    """Anything of the projects app already there (a project, an org unit or a program)."""
    return Project.objects.exists() or OrgUnit.objects.exists() or Program.objects.exists()


def reset_demo_data() -> None:
    """Delete every row of the projects app (users are kept). Call inside a transaction."""
    Project.objects.update(baseline=None)
    Project.objects.all().delete()
    Program.objects.all().delete()
    while OrgUnit.objects.exists():
        OrgUnit.objects.filter(children__isnull=True).delete()


def build_demo(*, projects: int = 30, seed: int = 2026, today: dt.date | None = None) -> DemoSummary:
    """Build the demo portfolio (see the module docstring). Call inside a transaction."""
    return DemoBuilder(projects=projects, seed=seed, today=today).build()
