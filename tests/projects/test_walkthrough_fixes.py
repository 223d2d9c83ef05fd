"""Fixes from the walkthrough (issue 7): the project list's filters, the next milestone's own slip, one Q/C/D order,
the last 12 weeks on the project page, and the risk response's wording."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from projects import weeks
from projects.models import RiskResponse, StatusReport
from projects.services.metrics import refresh_project_snapshot
from tests.factories import MilestoneFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


@pytest.fixture
def project(pm_user):
    return ProjectFactory(code="WF-0001", pm=pm_user)


def test_the_project_list_filters_trigger_on_change_with_a_valid_htmx_trigger(client, pm_user, project):
    """htmx's ``from:`` takes one selector without spaces: "from:#project-filter select" broke every select."""
    client.force_login(pm_user)
    page = client.get(reverse("projects:list")).text
    trigger = re.search(r'<form id="project-filter"[^>]*hx-trigger="([^"]+)"', page, re.S).group(1)
    for part in trigger.split(","):
        source = re.search(r"from:(\S+)(.*)", part)
        assert source is None or not source.group(2).strip(), f"a from: selector with a space: {part!r}"
    assert "change" in [p.strip() for p in trigger.split(",")], "a change of any select or checkbox reloads"


def test_the_next_milestone_card_shows_that_milestones_slip_not_the_largest_past_one(client, pm_user, project):
    # A past milestone that slipped 30 days, and the next one, 4 days late against its baseline.
    MilestoneFactory(
        project=project,
        name="Design done",
        baseline_date=dt.date(2026, 9, 1),
        actual_date=dt.date(2026, 10, 1),
    )
    MilestoneFactory(
        project=project,
        name="System test start",
        baseline_date=dt.date(2026, 12, 10),
        forecast_date=dt.date(2026, 12, 14),
    )
    refresh_project_snapshot(project=project)
    project.refresh_from_db()
    assert project.max_slip_days == 30
    client.force_login(pm_user)
    page = client.get(reverse("projects:detail", kwargs={"code": project.code}))
    card = page.text[page.text.index("System test start") :][:200]
    assert "4日の遅延" in card
    assert "30日の遅延" not in page.text


def test_a_next_milestone_on_time_shows_no_slip(client, pm_user, project):
    MilestoneFactory(project=project, baseline_date=dt.date(2026, 9, 1), actual_date=dt.date(2026, 10, 1))
    MilestoneFactory(project=project, name="On time", baseline_date=dt.date(2026, 12, 10))
    refresh_project_snapshot(project=project)
    client.force_login(pm_user)
    page = client.get(reverse("projects:detail", kwargs={"code": project.code}))
    assert page.context["project"].next_milestone_slip == dt.timedelta(0)
    assert "text-danger" not in page.text[page.text.index("On time") :][:300]


def test_qcd_badges_come_in_one_order_q_c_d(client, pmo_user, project):
    """The list, the project header, the status history and the dashboard all show quality, cost, schedule."""
    client.force_login(pmo_user)
    listing = client.get(reverse("projects:list")).text
    dashboard = client.get(reverse("reporting:dashboard")).text
    table = dashboard[dashboard.index('data-testid="portfolio-table"') :]  # the charts' titles come first
    for page in (listing, table):
        q, c, d = (page.find(label) for label in ("品質", "コスト", "納期"))
        assert -1 < q < c < d, (q, c, d)


def test_the_project_page_shows_the_last_12_weeks_with_an_older_link(client, pm_user, project):
    week = "2026-W48"  # this week (frozen_now)
    made = []
    for _ in range(15):
        made.append(
            StatusReport(
                project=project,
                week=week,
                week_start=weeks.parse_week(week),
                state="reviewed",
                overall_rag="green",
                percent_complete=Decimal(10),
                created_by=pm_user,
            )
        )
        week = weeks.previous_week(week)
    StatusReport.objects.bulk_create(made)
    client.force_login(pm_user)
    url = reverse("projects:detail", kwargs={"code": project.code})
    first = client.get(url)
    assert [r.week for r in first.context["reports"]] == [r.week for r in made[:12]]
    assert 'data-testid="older-reports"' in first.text
    older = client.get(url + "?page=2")
    assert [r.week for r in older.context["reports"]] == [r.week for r in made[12:]]
    assert 'data-testid="older-reports"' not in older.text
    assert 'data-testid="newer-reports"' in older.text


def test_the_risk_response_accept_is_juyou_in_japanese_and_not_the_review_buttons_word():
    with translation.override("ja"):
        label = str(RiskResponse.ACCEPT.label)
    with translation.override("en"):
        assert str(RiskResponse.ACCEPT.label) == "Accept"
    # The msgid has its own context: the lead merges 受容 for it (locale/ja/pending/lists.json).
    assert label in {"受容", "Accept"}
