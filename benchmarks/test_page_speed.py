"""`make bench`: response times of the busiest pages on a 200-project portfolio (prints; never asserts time).

Run with PostgreSQL for numbers that mean something (make bench uses it when it answers).
"""

import datetime as dt
import statistics
import time
from decimal import Decimal

import pytest

from core import roles
from projects import weeks
from projects.models import Issue, Milestone, Risk, StatusReport
from tests.factories import ProjectFactory, user_with_role

N_PROJECTS = 200
REPEAT = 15


@pytest.fixture
def portfolio(db):
    pm = user_with_role(roles.PM, "bench_pm")
    pmo = user_with_role(roles.PMO, "bench_pmo")
    projects = [ProjectFactory(pm=pm) for _ in range(N_PROJECTS)]
    today = dt.date(2026, 11, 20)
    reports, issues, risks, milestones = [], [], [], []
    for project in projects:
        for n in range(26):
            week = weeks.week_of(today - dt.timedelta(weeks=n))
            reports.append(
                StatusReport(
                    project=project,
                    week=week,
                    week_start=weeks.parse_week(week),
                    state="reviewed",
                    overall_rag="green",
                    schedule_rag="green",
                    cost_rag="amber",
                    quality_rag="green",
                    scope_rag="green",
                    percent_complete=Decimal(100 - n * 3),
                    summary="順調に進捗しています。",
                )
            )
        issues += [Issue(project=project, title=f"課題 {i}") for i in range(8)]
        risks += [Risk(project=project, title=f"リスク {i}", probability=3, impact=4) for i in range(6)]
        milestones += [
            Milestone(project=project, name=f"MS {i}", baseline_date=today + dt.timedelta(days=30 * i))
            for i in range(6)
        ]
    StatusReport.objects.bulk_create(reports)
    Issue.objects.bulk_create(issues)
    Risk.objects.bulk_create(risks)
    Milestone.objects.bulk_create(milestones)
    return {"pm": pm, "pmo": pmo, "project": projects[0]}


def _time(client, path: str) -> tuple[float, float]:
    client.get(path)  # warm up
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return statistics.median(samples), max(samples)


def test_page_speed(client, portfolio, capsys):
    client.force_login(portfolio["pmo"])
    code = portfolio["project"].code
    paths = [
        "/projects/",
        "/projects/?overall_rag=green&ordering=-spi",
        f"/projects/{code}/",
        f"/projects/{code}/issues/",
        f"/projects/{code}/risks/",
        f"/projects/{code}/history/",
        "/dashboard/",
        "/api/v1/projects/",
        "/api/v1/status-reports/?project=" + str(portfolio["project"].pk),
    ]
    rows = [(path, *_time(client, path)) for path in paths]
    with capsys.disabled():
        print(f"\n{N_PROJECTS} projects, {REPEAT} requests each (ms)")
        print(f"{'path':60} {'median':>8} {'max':>8}")
        for path, median, worst in rows:
            print(f"{path:60} {median:8.1f} {worst:8.1f}")
