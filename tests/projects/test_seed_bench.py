"""``seed_bench`` builds the benchmark's portfolio with the portal's own evaluation and snapshot code."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from projects.evaluation import evaluate
from projects.models import Issue, Milestone, Project, Risk, StatusReport, StatusReportRevision

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def test_seed_bench_writes_what_the_services_would_and_refuses_a_second_run(capsys):
    call_command("seed_bench", projects=3, weeks=10, bench=True)
    projects = list(Project.objects.filter(code__startswith="BN-").order_by("code"))
    assert [p.code for p in projects] == ["BN-0001", "BN-0002", "BN-0003"]
    first = projects[0]
    assert StatusReport.objects.filter(project=first).count() == 10
    assert Milestone.objects.filter(project=first).count() == 20
    assert Issue.objects.filter(project=first).count() == Risk.objects.filter(project=first).count() == 30
    assert StatusReportRevision.objects.filter(report__project=first).count() == 10

    # Every report's frozen figures are what the portal's evaluation gives for its week (same inputs).
    for report in StatusReport.objects.filter(project=first):
        result, suggested = evaluate(
            first, week=report.week, percent_complete=report.percent_complete, actual_cost_to_date=None
        )
        assert (report.pv, report.ev, report.ac, report.spi, report.cpi) == (
            result.pv,
            result.ev,
            result.ac,
            result.spi,
            result.cpi,
        ), report.week
        assert report.suggested_overall_rag == suggested["overall"]
    # The cached figures come from the snapshot refresh: the latest report's.
    latest = StatusReport.objects.filter(project=first).order_by("-week").first()
    first.refresh_from_db()
    assert (first.last_report_week, first.spi, first.overall_rag) == (latest.week, latest.spi, latest.overall_rag)

    with pytest.raises(CommandError, match="already holds bench data"):
        call_command("seed_bench", projects=1, weeks=8, bench=True)
