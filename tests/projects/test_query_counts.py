"""The project list and the project pages run a fixed number of SQL queries, however much data there is.

Each page is measured with the same bound at 10 and at 200 projects; the first project also grows with the
portfolio (as many reports, issues, risks, milestones, members and history entries as there are projects), so an
N+1 on the project page shows as well as one on the list. The data is made with bulk_create to stay cheap.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import roles
from core.models import AuditEntry
from projects import weeks
from projects.models import (
    Baseline,
    ChangeRequest,
    Issue,
    Milestone,
    OrgUnit,
    Program,
    Project,
    ProjectMembership,
    Risk,
    StatusReport,
)
from tests.factories import UserFactory

# The pages show "this week" (the Status tab's button, the report deadline): the same week on every run.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

SIZES = [10, 200]

#: The exact number of queries of every page and API list, per user (NetBox's query_counts.json). Regenerate with
#: ``UPDATE_QUERY_COUNTS=1 pytest tests/projects/test_query_counts.py`` after a deliberate change, and review the
#: diff: a count that grows is a regression unless the page shows more.
COUNTS_FILE = Path(__file__).with_name("query_counts.json")


def make_portfolio(n: int, *, pm, others) -> Project:
    """``n`` projects with reports, issues, risks, milestones, members and history; returns the first."""
    start = Project.objects.count()
    org_units = OrgUnit.objects.bulk_create([OrgUnit(code=f"QOU{start}-{i}", name=f"Unit {i}") for i in range(3)])
    programs = Program.objects.bulk_create([Program(code=f"QPG{start}-{i}", name=f"Program {i}") for i in range(2)])
    managers = [pm, *others]
    projects = Project.objects.bulk_create(
        [
            Project(
                code=f"QC-{start + i:04d}",
                name=f"Query count project {start + i}",
                org_unit=org_units[i % 3],
                program=programs[i % 2] if i % 3 else None,
                pm=managers[i % len(managers)],
                deputy_pm=managers[(i + 1) % len(managers)],
                confidential=i % 4 == 0,
                state="active",
                phase="build",
                overall_rag=("green", "amber", "red")[i % 3],
                snapshot_schedule_rag="amber",
                spi=Decimal("0.93"),
                cpi=Decimal("1.02"),
                eac=Decimal("12500000"),
                percent_complete=Decimal("41.5"),
                last_report_week="2026-W20",
                next_milestone_name="Design review",
                next_milestone_date=dt.date(2026, 6, 30),
                max_slip_days=i % 7,
            )
            for i in range(n)
        ]
    )
    baselines = Baseline.objects.bulk_create(
        [
            Baseline(
                project=p,
                number=1,
                planned_start=dt.date(2026, 4, 1),
                planned_end=dt.date(2027, 3, 31),
                bac=Decimal("12000000"),
                created_by=pm,
            )
            for p in projects
        ]
    )
    for p, b in zip(projects, baselines, strict=True):
        p.baseline = b
    Project.objects.bulk_update(projects, ["baseline"])

    first = projects[0]
    week = "2026-W20"
    report_weeks = []
    for _ in range(max(n, 3)):
        report_weeks.append(week)
        week = weeks.previous_week(week)

    def report(project, wk):
        return StatusReport(
            project=project,
            week=wk,
            week_start=weeks.parse_week(wk),
            state="submitted",
            overall_rag="amber",
            schedule_rag="amber",
            cost_rag="green",
            quality_rag="green",
            scope_rag="green",
            percent_complete=Decimal("40"),
            summary=f"Summary {wk}",
            created_by=pm,
            submitted_by=pm,
        )

    reports = [report(p, wk) for p in projects[1:] for wk in report_weeks[:3]]
    reports += [report(first, wk) for wk in report_weeks[:n]]
    StatusReport.objects.bulk_create(reports)

    per_project = [*projects[1:]] * 2 + [first] * n
    Issue.objects.bulk_create(
        [
            Issue(project=p, title=f"Issue {i}", owner=pm, due_date=dt.date(2026, 5, 1))
            for i, p in enumerate(per_project)
        ]
    )
    Risk.objects.bulk_create(
        [Risk(project=p, title=f"Risk {i}", probability=3, impact=4, owner=pm) for i, p in enumerate(per_project)]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(project=p, name=f"Milestone {i}", baseline_date=dt.date(2026, 9, 30))
            for i, p in enumerate(per_project)
        ]
    )
    ChangeRequest.objects.bulk_create(
        [ChangeRequest(project=first, title=f"CR {i}", status="approved") for i in range(n)]
    )
    members = UserFactory.create_batch(min(n, 40), role=roles.MEMBER)
    ProjectMembership.objects.bulk_create(
        [ProjectMembership(project=first, user=u, project_role="developer") for u in members]
        + [ProjectMembership(project=p, user=members[0]) for p in projects[1:]]
    )
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                project_id=p.pk,
                actor=pm,
                action="update",
                object_type=("project", "issue", "risk", "milestone", "statusreport", "baseline")[i % 6],
                object_id=p.pk,
                object_repr=str(p),
                changes={"name": ["old", "new"], "phase": ["design", "build"], "bac": ["1.2E+7", "13000000"]},
            )
            for i, p in enumerate(per_project)
        ]
    )
    return first


def page_urls(project: Project) -> dict[str, str]:
    code = {"code": project.code}
    week = StatusReport.objects.filter(project=project).order_by("-week").values_list("week", flat=True).first()
    return {
        "list": reverse("projects:list"),
        "list_filtered": reverse("projects:list")
        + "?q=Query&state=active&overall_rag=amber&mine=1&ordering=-spi&page=2",
        "detail": reverse("projects:detail", kwargs=code),
        "status_report": reverse("projects:status_detail", kwargs={**code, "week": week}),
        "edit": reverse("projects:edit", kwargs=code),
        "rebaseline": reverse("projects:rebaseline", kwargs=code),
        "members": reverse("projects:members", kwargs=code),
        "history": reverse("projects:history", kwargs=code),
        "milestones": reverse("projects:milestones", kwargs=code),
        "issues": reverse("projects:issues", kwargs=code),
        "risks": reverse("projects:risks", kwargs=code),
        "changes": reverse("projects:changes", kwargs=code),
        "meetings": reverse("projects:meetings", kwargs=code),
        "costs": reverse("projects:costs", kwargs=code),
        "create": reverse("projects:create"),
        "work": reverse("projects:work"),
        "notifications": reverse("notifications"),
        "issue_list": reverse("projects:issue_list"),
        "issue_list_filtered": reverse("projects:issue_list")
        + f"?project={project.code}&owner=bob_pm&status=open&overdue=1&ordering=-priority&page=2",
        "risk_list": reverse("projects:risk_list"),
        "action_list": reverse("projects:action_list"),
        "api_projects": "/api/v1/projects/",
        "api_status_reports": "/api/v1/status-reports/",
        "api_milestones": f"/api/v1/milestones/?project={project.pk}",
        "api_issues": "/api/v1/issues/",
        "api_risks": "/api/v1/risks/",
        "api_change_requests": "/api/v1/change-requests/",
        "api_cost_plans": f"/api/v1/cost-plans/?project={project.pk}",
        "api_quality_records": f"/api/v1/quality-records/?project={project.pk}",
        "api_rebaseline_proposals": f"/api/v1/rebaseline-proposals/?project={project.pk}",
    }


def _counts(client, first: Project) -> dict[str, int]:
    out = {}
    for page, url in page_urls(first).items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        out[page] = len(ctx.captured_queries)
    return out


@pytest.mark.parametrize("who", ["pmo_user", "pm_user"])
def test_query_counts_are_pinned_and_do_not_grow_with_the_portfolio(client, request, who):
    """Every page's exact query count is the pinned one, at 10 and at 200 projects alike."""
    user = request.getfixturevalue(who)
    pm = request.getfixturevalue("pm_user")
    others = [UserFactory(role=roles.PM) for _ in range(3)]
    client.force_login(user)
    small = _counts(client, make_portfolio(10, pm=pm, others=others))
    large = _counts(client, make_portfolio(200, pm=pm, others=others))  # 210 projects; the first has 200 of each
    assert small == large
    pinned = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    if os.environ.get("UPDATE_QUERY_COUNTS") == "1":
        pinned[who] = small
        COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True) + "\n")
    assert small == pinned.get(who), f"query counts changed for {who}: {small} (pinned: {pinned.get(who)})"
