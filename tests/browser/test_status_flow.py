"""The weekly status round trip in a real browser (issue 3, "Done when").

pm1 logs in, opens a project, submits this week's status with an amber schedule and a comment and sees it at the
top of the status history; pmo returns it with a comment; pm1 sees the comment and resubmits; the History tab
(when installed) shows all of it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from projects import evaluation as metrics
from projects import weeks
from projects.models import Baseline, CostPlan, ReportState, StatusReport
from tests.factories import ProjectFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pm1_project(demo_users):
    """pm1's project, half-way through a one-year plan around today (so this week's numbers suggest a RAG)."""
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=180)).replace(day=1)
    project = ProjectFactory(pm=demo_users["pm1"], code="PRJ-2026-900", name="Core banking renewal")
    Baseline.objects.filter(pk=project.baseline_id).update(
        planned_start=start, planned_end=start + dt.timedelta(days=364)
    )
    project.refresh_from_db()
    month = start
    for _ in range(12):
        CostPlan.objects.create(project=project, month=month, planned_cost=Decimal("1000000"))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return project


def to_english(page):
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("networkidle")


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)
    to_english(page)


def choose(page, field: str, value: str):
    """Click the visible label of one RAG radio button (the input itself is visually hidden by btn-check)."""
    page.get_by_test_id(f"rag-{field}").locator("label", has_text=re.compile(f"^{value}$")).click()


def test_status_submit_return_resubmit(page, live_server, demo_users, login, pm1_project):
    project = pm1_project
    week = weeks.week_of(timezone.localdate())
    evm, suggested = metrics.evaluate(
        project, week=week, percent_complete=Decimal("35"), actual_cost_to_date=Decimal("4000000")
    )

    # --- pm1 submits this week's status with an amber schedule and a comment -----------------------
    login("pm1")
    to_english(page)
    page.goto(f"{live_server.url}/projects/")
    page.get_by_role("link", name=project.code).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Weekly status reports")).to_be_visible()
    page.get_by_test_id("this-week-status").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name=f"New weekly status report {week}")).to_be_visible()

    form = page.locator("#status-form")
    form.locator("#id_percent_complete").fill("35")
    form.locator("#id_actual_cost_to_date").fill("4000000")
    choose(page, "overall_rag", "Amber")
    choose(page, "schedule_rag", "Amber")
    choose(page, "cost_rag", "Green")
    choose(page, "quality_rag", "Green")
    choose(page, "scope_rag", "Green")
    # htmx recomputed the suggestion from the numbers typed: SPI is shown, and an override is marked.
    assert evm.spi is not None and evm.spi > 0  # the plan gives PV this week: the check below is meaningful
    expect(page.get_by_test_id("spi")).to_have_text(f"{evm.spi:.2f}")
    if suggested["schedule"] and suggested["schedule"] != "amber":
        expect(page.get_by_test_id("override-schedule_rag")).to_be_visible()
    form.locator("#id_rag_comment").fill("Vendor delivery slipped by two weeks.")
    form.locator("#id_summary").fill("Integration test started; vendor delay on interface specs.")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state("networkidle")

    first_row = page.locator("#status-history tbody tr").first
    expect(first_row).to_have_attribute("data-week", week)
    expect(first_row.locator("[data-state]")).to_have_text("Submitted")
    expect(first_row).to_contain_text("Integration test started")
    report = StatusReport.objects.get(project=project, week=week)
    assert report.state == ReportState.SUBMITTED
    assert report.schedule_rag == "amber" and report.rag_comment == "Vendor delivery slipped by two weeks."

    # --- pmo returns it with a comment ---------------------------------------------------------------
    switch_user(page, login, "pmo")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.locator("#status-history tbody tr").first.get_by_role("link", name=week).click()
    page.wait_for_load_state("networkidle")
    # A return without a comment is refused at the field.
    page.get_by_role("button", name="Return with comment").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#id_comment_error")).to_be_visible()
    page.locator("#id_comment").fill("Please add the recovery plan for the vendor delay.")
    page.get_by_role("button", name="Return with comment").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-state]").first).to_have_text("Returned")
    expect(page.get_by_test_id("review-comment")).to_contain_text("recovery plan")

    # --- pm1 sees the comment and resubmits -------------------------------------------------------------
    switch_user(page, login, "pm1")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    expect(page.locator("#status-history tbody tr").first.locator("[data-state]")).to_have_text("Returned")
    expect(page.locator("#status-history tbody tr").first).to_contain_text("recovery plan")
    page.get_by_test_id("this-week-status").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("returned-comment")).to_contain_text("recovery plan")
    expect(page.locator("#id_summary")).to_have_value(re.compile("Integration test started"))
    page.locator("#id_next_plan").fill("Recovery plan: second vendor team from W+1.")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state("networkidle")
    first_row = page.locator("#status-history tbody tr").first
    expect(first_row.locator("[data-state]")).to_have_text("Submitted")
    expect(first_row).to_contain_text("rev. 2")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.revisions.count() == 2

    # The report page keeps both revisions and the whole workflow.
    first_row.get_by_role("link", name=week).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("revision-1")).to_be_visible()
    expect(page.get_by_test_id("revision-2")).to_be_visible()
    expect(page.get_by_test_id("workflow")).to_contain_text("Returned")
    expect(page.get_by_test_id("workflow")).to_contain_text("recovery plan")

    # --- the History tab shows all of it (once another engineer's page is installed) -------------------
    try:
        history_url = reverse("projects:history", kwargs={"code": project.code})
    except NoReverseMatch:
        return
    page.goto(f"{live_server.url}{history_url}")
    page.wait_for_load_state("networkidle")
    rows = page.locator("main table tbody tr").filter(has_text=f"{project.code} {week}")
    # created, submitted, returned, changed, submitted again — newest first
    expect(rows).to_have_count(5)
    returned = rows.filter(has_text="Please add the recovery plan for the vendor delay.")
    expect(returned).to_have_count(1)
    expect(returned.locator("td").nth(1)).to_have_text("pmo")
    expect(returned).to_contain_text("Returned")
    created = rows.last
    expect(created.locator("td").nth(1)).to_have_text("pm1")
    expect(created).to_contain_text("Vendor delivery slipped by two weeks.")
    expect(rows.first).to_contain_text("Submitted")
    expect(rows.nth(1)).to_contain_text("Recovery plan: second vendor team from W+1.")
