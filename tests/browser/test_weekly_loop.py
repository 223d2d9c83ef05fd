"""The weekly loop in a real browser (issue 7, "Done when").

pmo sets a cost plan on a new project (the month grid of its Costs & quality tab); pm1 submits its first report and
sees SPI and CPI; pmo returns it; pm1 sees the notification and the returned report on their home page and
resubmits; pmo accepts; a re-baseline proposed by pm1 and approved by pmo leaves the accepted report's figures as
they were.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects import evaluation, weeks
from projects.models import (
    Baseline,
    BaselineProposal,
    ChangeRequest,
    ChangeStatus,
    CostPlan,
    ProposalState,
    ReportState,
    StatusReport,
)
from tests.factories import ProjectFactory

pytestmark = pytest.mark.browser

MONTHLY_PLAN = 1_000_000
FIGURES = ("bac", "baseline_number", "pv", "ev", "ac", "spi", "cpi", "spi_t", "eac", "suggested_overall_rag")


@pytest.fixture
def new_project(demo_users):
    """pm1's new project: a one-year baseline around today, no cost plan yet, an approved change request."""
    today = timezone.localdate()
    start = (today.replace(day=1) - dt.timedelta(days=150)).replace(day=1)
    project = ProjectFactory(pm=demo_users["pm1"], code="PRJ-2026-950", name="経費精算SaaS導入")
    Baseline.objects.filter(pk=project.baseline_id).update(
        planned_start=start, planned_end=start + dt.timedelta(days=364), bac=Decimal(12 * MONTHLY_PLAN)
    )
    ChangeRequest.objects.create(
        project=project, title="帳票追加 CR-07", status=ChangeStatus.APPROVED, cost_impact=Decimal(2_400_000)
    )
    project.refresh_from_db()
    return project


def to_english(page):
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("networkidle")


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)
    to_english(page)


def go_home(page, live_server):
    page.goto(f"{live_server.url}/projects/work/")
    page.wait_for_load_state("networkidle")


def choose(page, field: str, value: str):
    page.get_by_test_id(f"rag-{field}").locator("label", has_text=re.compile(f"^{value}$")).click()


def figures_text(page) -> str:
    return page.locator(".evm-figures").first.inner_text()


def test_the_weekly_loop(page, live_server, demo_users, login, new_project):
    project = new_project
    week = weeks.week_of(timezone.localdate())
    start = project.baseline.planned_start

    # --- pmo enters the cost plan in the month grid of the Costs & quality tab -----------------------------------
    login("pmo")
    to_english(page)
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.get_by_role("link", name="Costs & quality").click()
    page.wait_for_load_state("networkidle")
    cells = page.locator("input[name^='planned_cost-']")
    expect(cells).to_have_count(12)
    for index in range(12):
        cells.nth(index).fill(f"{MONTHLY_PLAN:,}")
    page.get_by_role("button", name="Save the cost plan and actuals").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("total-plan")).to_contain_text("12,000,000")
    assert CostPlan.objects.filter(project=project).count() == 12
    assert sum(p.planned_cost for p in CostPlan.objects.filter(project=project)) == Decimal(12 * MONTHLY_PLAN)
    assert min(CostPlan.objects.filter(project=project).values_list("month", flat=True)) == start

    # --- pm1 writes the first report from their home page and sees SPI and CPI ------------------------------------
    evm, suggested = evaluation.evaluate(
        project, week=week, percent_complete=Decimal("40"), actual_cost_to_date=Decimal("4500000")
    )
    assert evm.spi is not None and evm.cpi is not None
    switch_user(page, login, "pm1")
    go_home(page, live_server)
    to_write = page.locator("[data-queue='to_write']")
    to_write.get_by_role("link", name=re.compile(project.code)).click()
    page.wait_for_load_state("networkidle")
    form = page.locator("#status-form")
    form.locator("#id_percent_complete").fill("40")
    form.locator("#id_actual_cost_to_date").fill("4,500,000円")
    expect(page.get_by_test_id("spi")).to_have_text(f"{evm.spi:.2f}")
    expect(page.get_by_test_id("cpi")).to_have_text(f"{evm.cpi:.2f}")
    expect(page.get_by_test_id("pv-source")).to_contain_text("from the cost plan")
    for field in ("overall_rag", "cost_rag", "quality_rag", "scope_rag"):
        choose(page, field, "Green")
    # The schedule differs from the suggestion: a red warning until the reason is given, then no longer red.
    choose(page, "schedule_rag", "Red" if suggested["schedule"] != "red" else "Green")
    warning = page.get_by_test_id("override-schedule_rag")
    expect(warning).to_be_visible()
    expect(warning).to_have_class(re.compile("text-danger"))
    form.locator("#id_rag_comment").fill("ベンダー追加要員で遅れを取り戻せる見込み。")
    expect(warning).to_have_attribute("data-reason", "given")
    expect(warning).not_to_have_class(re.compile("text-danger"))
    form.locator("#id_summary").fill("要件定義を完了し、基本設計に着手した。")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state("networkidle")
    report = StatusReport.objects.get(project=project, week=week)
    assert report.state == ReportState.SUBMITTED
    assert (report.spi, report.cpi) == (
        evaluation.fit(evm.spi, StatusReport, "spi"),
        evaluation.fit(evm.cpi, StatusReport, "cpi"),
    )

    # --- pmo returns it from the review queue of their home page --------------------------------------------------
    switch_user(page, login, "pmo")
    go_home(page, live_server)
    page.locator("[data-queue='awaiting_review']").get_by_role("link", name=f"{project.code} · {week}").click()
    page.wait_for_load_state("networkidle")
    page.locator("#id_comment").fill("リカバリ計画の要員と時期を追記してください。")
    page.get_by_role("button", name="Return with comment").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("review-comment")).to_contain_text("リカバリ計画")

    # --- pm1 sees the notification and the returned report on their home page, and resubmits ---------------------
    switch_user(page, login, "pm1")
    go_home(page, live_server)
    bell = page.get_by_test_id("notifications")
    expect(bell.locator(".badge")).to_contain_text("1")
    returned = page.locator("[data-queue='returned']")
    expect(returned).to_contain_text(f"{project.code} · {week}")
    expect(returned).to_contain_text("リカバリ計画の要員と時期を追記してください。")
    bell.click()
    page.wait_for_load_state("networkidle")
    notice = page.locator(".list-group-item").filter(has_text=f"{project.code}: the report for {week} was returned")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("リカバリ計画")
    go_home(page, live_server)
    page.locator("[data-queue='returned']").get_by_role("link", name=f"{project.code} · {week}").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Edit this report").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("returned-comment")).to_contain_text("リカバリ計画")
    page.locator("#id_next_plan").fill("・追加要員 2 名を来週から投入し、基本設計の遅れを 2 週で回復する。")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_load_state("networkidle")
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.revisions.count() == 2

    # --- pmo accepts ---------------------------------------------------------------------------------------------
    switch_user(page, login, "pmo")
    go_home(page, live_server)
    page.locator("[data-queue='awaiting_review']").get_by_role("link", name=f"{project.code} · {week}").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Accept").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-state]").first).to_have_text("Reviewed")
    accepted_figures = figures_text(page)
    expect(page.get_by_test_id("report-baseline")).to_contain_text("baseline #1")
    report.refresh_from_db()
    frozen = {name: getattr(report, name) for name in FIGURES}
    assert report.state == ReportState.REVIEWED and frozen["baseline_number"] == 1

    # --- pm1 proposes a re-baseline citing the approved change request; pmo approves ---------------------------------
    switch_user(page, login, "pm1")
    page.goto(f"{live_server.url}/projects/{project.code}/")
    page.get_by_role("link", name="Re-baseline").click()
    page.wait_for_load_state("networkidle")
    new_end = project.baseline.planned_end + dt.timedelta(days=61)
    page.locator("#id_planned_end").fill(new_end.isoformat())
    page.locator("#id_bac").fill("14,400,000")
    page.locator("#id_reason").fill("帳票追加(CR-07)により範囲と予算を見直す。")
    page.locator("#id_change_request").select_option(label="帳票追加 CR-07 (Approved)")
    page.get_by_role("button", name="Propose to the PMO").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("pending-proposals")).to_contain_text("帳票追加(CR-07)")
    project.refresh_from_db()
    assert project.baseline.number == 1  # nothing changes until the PMO approves

    switch_user(page, login, "pmo")
    page.goto(f"{live_server.url}/projects/{project.code}/rebaseline/")
    pending = page.get_by_test_id("pending-proposals")
    pending.get_by_role("button", name="Approve").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("decided-proposals")).to_contain_text("Approved")
    project.refresh_from_db()
    assert project.baseline.number == 2 and project.baseline.bac == Decimal(14_400_000)
    assert project.baseline.planned_end == new_end
    assert BaselineProposal.objects.get(project=project).state == ProposalState.APPROVED

    # --- the accepted report shows the figures it was judged on, against baseline #1 -------------------------------
    page.goto(f"{live_server.url}/projects/{project.code}/status/{week}/")
    page.wait_for_load_state("networkidle")
    assert figures_text(page) == accepted_figures
    expect(page.get_by_test_id("report-baseline")).to_contain_text("baseline #1")
    report.refresh_from_db()
    assert {name: getattr(report, name) for name in FIGURES} == frozen
    assert report.bac == Decimal(12 * MONTHLY_PLAN)
