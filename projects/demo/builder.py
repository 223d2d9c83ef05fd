"""Build the demo portfolio: users, organisation and about 30 projects with half a year of history.

The steps, in order (each module says how it makes its part):

1. ``people``: the demo logins, created only when missing (an existing account is never changed), and the
   organisation through ``projects.services.org``;
2. ``plans``: every project's dates, budget, cost curve and weekly figures, in memory (pure math);
3. ``portfolio``: projects, first baselines, the approved change requests behind re-baselines, re-baselines and
   memberships, all through the services; then the monthly cost plan and actuals;
4. ``schedule``: milestones and quality records;
5. ``reports``: the weekly reports, figures from ``projects.evaluation`` (the code the status form runs): those still
   in the workflow (drafts, submitted, returned) through the status services, the reviewed history in bulk;
6. ``items``: issues, risks (a materialised one becomes an issue through ``convert_risk_to_issue``), change
   requests (decided through ``decide_change_request``);
7. ``meetings``: meetings and action items.

Rows that are not written by a service go through ``projects.demo.bulk``, the one sanctioned bulk path (its
docstring says why, and what it shares with the services). The story's timestamps are put back by
``projects.demo.context.Clock``. ``random.Random(seed)`` drives every choice: the same seed on the same day gives the
same portfolio.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import AuditEntry
from projects import extensions, services
from projects.demo import catalog, items, meetings, people, portfolio, reports, schedule
from projects.demo.bulk import BulkWriter
from projects.demo.context import DemoContext
from projects.demo.plans import plan_portfolio
from projects.models import (
    ActionItem,
    Allocation,
    Baseline,
    BaselineProposal,
    ChangeRequest,
    CostActual,
    CostPlan,
    EarlyWarning,
    ImportPreview,
    Issue,
    Meeting,
    Milestone,
    OrgUnit,
    Person,
    Program,
    Project,
    ProjectMembership,
    QualityRecord,
    Risk,
    Skill,
    StatusReport,
    StatusReportRevision,
    SurveyAnswer,
    SurveyInvitation,
    SurveyRound,
)

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

#: ``reset_demo_data`` deletes in this order: every foreign key to a project (or a baseline, a change request, a
#: program) is PROTECT, so what points at a row goes before it. Org units follow, leaves first.
RESET_ORDER: tuple[type[models.Model], ...] = (
    EarlyWarning,
    SurveyAnswer,
    SurveyInvitation,
    SurveyRound,
    Allocation,
    ImportPreview,
    ActionItem,
    Meeting,
    Issue,
    Risk,
    BaselineProposal,
    Baseline,
    ChangeRequest,
    StatusReportRevision,
    StatusReport,
    QualityRecord,
    CostActual,
    CostPlan,
    Milestone,
    ProjectMembership,
    Project,
    Program,
    Person,
    Skill,
)


@dataclass
class DemoSummary:
    counts: dict[str, int]
    logins: list[tuple[str, str, str]]  # username, role, full name
    kept_users: list[str] = field(default_factory=list)  # existing accounts (not demo logins) left as they were
    seconds: float = 0.0


class DemoBuilder:
    """One run of the demo seed. Call ``build()`` inside a transaction."""

    def __init__(self, *, projects: int, seed: int, today: dt.date | None = None) -> None:
        if not 1 <= projects <= MAX_PROJECTS:
            raise ValueError(f"projects must be between 1 and {MAX_PROJECTS}")
        self.n_projects = projects
        self.seed = seed
        rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.ctx = DemoContext(rng=rng, today=today or timezone.localdate())

    def build(self) -> DemoSummary:
        started = timezone.now()
        ctx = self.ctx
        writer = BulkWriter(ctx.clock.now)
        people.make_users(ctx)
        ctx.plans = plan_portfolio(self.n_projects, ctx.rng, ctx.today)
        people.make_organisation(ctx)
        portfolio.make_projects(ctx)
        portfolio.make_cost_rows(ctx, writer)
        schedule.make_milestones(ctx, writer)
        schedule.make_quality_records(ctx, writer)
        reports.make_status_reports(ctx, writer)
        items.make_issues_and_risks(ctx, writer)
        items.make_change_requests(ctx, writer)
        meetings.make_meetings(ctx, writer)
        writer.insert_entries()
        for plan in ctx.plans:
            services.refresh_project_snapshot(project=plan.project)
        counts = {model.__name__: model.objects.count() for model in SUMMARY_MODELS}
        for part in extensions.demo_parts():  # the standards, knowledge and reporting demo, through their services
            counts.update(part.build(today=ctx.today, seed=self.seed))
        # The story's clock: whatever a part's services audited "now" happened last week in the story, like the rest.
        AuditEntry.objects.filter(at__gte=started).update(at=ctx.clock.at(ctx.today - dt.timedelta(days=3), 11))
        counts["Users"] = get_user_model().objects.filter(username__in=[u.username for u in catalog.USERS]).count()
        logins = [(u.username, u.role, f"{u.last_name} {u.first_name}") for u in catalog.USERS]
        seconds = (timezone.now() - started).total_seconds()
        return DemoSummary(counts=counts, logins=logins, kept_users=list(ctx.kept_users), seconds=seconds)


def demo_data_exists() -> bool:
    """Anything of the projects app already there (a project, an org unit or a program)."""
    return Project.objects.exists() or OrgUnit.objects.exists() or Program.objects.exists()


def reset_demo_data() -> None:
    """Delete every row of the projects app and the audit entries about them (users are kept). Call inside a
    transaction."""
    for part in reversed(extensions.demo_parts()):
        part.reset()
    project_ids = list(Project.objects.values_list("pk", flat=True))
    Project.objects.update(baseline=None)
    for model in RESET_ORDER:
        model.objects.all().delete()
    while OrgUnit.objects.exists():
        OrgUnit.objects.filter(children__isnull=True).delete()
    organisation = Q(project_id__isnull=True, app_label="projects", object_type__in=["orgunit", "program"])
    AuditEntry.objects.filter(Q(project_id__in=project_ids) | organisation).delete()


def build_demo(*, projects: int = 30, seed: int = 2026, today: dt.date | None = None) -> DemoSummary:
    """Build the demo portfolio (see the module docstring). Call inside a transaction."""
    return DemoBuilder(projects=projects, seed=seed, today=today).build()
