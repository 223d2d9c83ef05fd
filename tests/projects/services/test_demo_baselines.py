"""The demo's weekly reports of a re-baselined project are judged against the baseline in force at their week:
baseline #1 before the re-baseline, #2 after, each with its own BAC, as a submission freezes them. And a Japanese
project's records are Japanese: no English issue, risk, change request or action item in it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from projects import extensions, weeks
from projects.evaluation import apply_result, evaluate_inputs, load_inputs
from projects.models import (
    ActionItem,
    Baseline,
    ChangeRequest,
    Issue,
    Project,
    Risk,
    StatusReport,
    StatusReportRevision,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def demo(monkeypatch):
    """The projects app's demo portfolio alone (the other apps' demo parts are theirs to test)."""
    monkeypatch.setattr(extensions, "demo_parts", lambda: [])
    call_command("seed_demo", "--projects", "12", "--seed", "7", "--demo", stdout=StringIO())


@pytest.mark.usefixtures("demo")
def test_old_reports_keep_the_baseline_of_their_week():
    second = list(Baseline.objects.filter(number=2).select_related("project"))
    assert second
    checked_before = checked_after = 0
    for baseline in second:
        first = Baseline.objects.get(project=baseline.project, number=1)
        assert first.bac != baseline.bac
        for report in StatusReport.objects.filter(project=baseline.project).order_by("week"):
            submitted = report.submitted_at
            if submitted is None:
                continue
            in_force = first if submitted < baseline.created_at else baseline
            assert (report.baseline_number, report.bac) == (in_force.number, in_force.bac), report.week
            revision = StatusReportRevision.objects.filter(report=report).order_by("-revision").first()
            assert revision.content["baseline_number"] == in_force.number
            if in_force == first:
                checked_before += 1
                # The figures are those the evaluation gives against baseline #1 for that week.
                expected = StatusReport(
                    project=report.project,
                    week=report.week,
                    week_start=weeks.parse_week(report.week),
                    percent_complete=report.percent_complete,
                    actual_cost_to_date=report.actual_cost_to_date,
                )
                inputs = load_inputs(report.project, week=report.week)
                result, suggested = evaluate_inputs(
                    inputs.__class__(**{**inputs.__dict__, "baseline": first}),
                    week=report.week,
                    percent_complete=report.percent_complete,
                    actual_cost_to_date=report.actual_cost_to_date,
                )
                apply_result(expected, baseline=first, result=result, suggested=suggested)
                assert (report.ev, report.spi, report.cpi, report.eac) == (
                    expected.ev,
                    expected.spi,
                    expected.cpi,
                    expected.eac,
                ), report.week
            else:
                checked_after += 1
    assert checked_before and checked_after


@pytest.mark.usefixtures("demo")
def test_a_japanese_project_has_no_english_items():
    japanese = [p for p in Project.objects.all() if not p.name.isascii()]
    assert japanese
    for project in japanese:
        titles = [
            *Issue.objects.filter(project=project).values_list("title", flat=True),
            *Risk.objects.filter(project=project).values_list("title", flat=True),
            *ChangeRequest.objects.filter(project=project).values_list("title", flat=True),
            *ActionItem.objects.filter(project=project).values_list("title", flat=True),
        ]
        assert titles and not [t for t in titles if t.isascii()], project.code
