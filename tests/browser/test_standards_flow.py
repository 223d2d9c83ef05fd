"""Standards in a real browser (issue 8, "Done when").

pmo publishes a checklist and a blueprint; pm1 creates a project from the blueprint, sees its milestones and due
checklist runs, and completes a run after answering every required item; exec approves the phase gate; the
compliance page shows the change.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Project
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.browser


def to_english(page):
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("networkidle")


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)
    to_english(page)


def test_blueprint_to_approved_gate(page, live_server, demo_users, login):
    org = OrgUnitFactory(code="OU-WEB", name="Web division")
    base = live_server.url

    # pmo: a checklist with a required and an optional item, published.
    login("pmo")
    to_english(page)
    page.goto(f"{base}/standards/checklists/new/")
    page.fill("#id_code", "GATE-WEB-REQ")
    page.fill("#id_title", "Requirements gate check")
    page.select_option("#id_purpose", "phase_gate")
    page.get_by_role("button", name="Create draft").click()
    for text, required in (("Requirements signed off", True), ("Glossary written", False)):
        page.fill("#id_text", text)
        if required:
            page.check("#id_required")
        page.get_by_role("button", name="Add item").click()
    expect(page.get_by_test_id("items")).to_contain_text("Glossary written")
    page.get_by_role("button", name="Publish draft").click()
    expect(page.locator(".alert-success")).to_contain_text("Published")

    # pmo: a blueprint with a phase-gate milestone and the checklist at that phase, published.
    page.goto(f"{base}/standards/blueprints/new/")
    page.fill("#id_code", "BP-WEB")
    page.fill("#id_name", "Web system")
    page.select_option("#id_project_type", "system_development")
    page.get_by_role("button", name="Create draft").click()
    page.fill("#id_milestone-name", "Requirements gate")
    page.select_option("#id_milestone-phase", "requirements")
    page.fill("#id_milestone-offset_days", "30")
    page.check("#id_milestone-is_phase_gate")
    page.locator("#milestones").get_by_role("button", name="Add").click()
    page.select_option("#id_checklist-checklist", label="GATE-WEB-REQ Requirements gate check")
    page.select_option("#id_checklist-schedule", "phase")
    page.select_option("#id_checklist-phase", "requirements")
    page.locator("#checklists").get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("bp-checklists")).to_contain_text("GATE-WEB-REQ")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".alert-success")).to_contain_text("Published")

    # pm1: a new project from the blueprint, started 60 days ago (its gate run is due).
    switch_user(page, login, "pm1")
    page.goto(f"{base}/standards/")
    page.get_by_role("link", name="Web system").click()
    page.get_by_test_id("instantiate").click()
    start = timezone.localdate() - dt.timedelta(days=60)
    page.fill("#id_code", "PRJ-2026-950")
    page.fill("#id_name", "Customer portal")
    page.select_option("#id_org_unit", str(org.pk))
    page.fill("#id_planned_start", start.isoformat())
    page.fill("#id_planned_end", (start + dt.timedelta(days=300)).isoformat())
    page.fill("#id_bac", "30000000")
    page.select_option("#id_state", "active")
    page.get_by_role("button", name="Create project").click()
    expect(page).to_have_url(re.compile(r"/projects/PRJ-2026-950/"))
    runs = page.get_by_test_id("project-runs")
    expect(runs).to_contain_text("Requirements gate check")
    expect(runs).to_contain_text("Overdue")
    page.goto(f"{base}/projects/PRJ-2026-950/milestones/")
    expect(page.locator("main")).to_contain_text("Requirements gate")

    page.goto(f"{base}/standards/compliance/")
    row = page.locator("tr[data-project='PRJ-2026-950']")
    expect(row.get_by_test_id("rate")).to_have_text("0.0 %")

    # pm1 completes the run: refused while the required item is unanswered, then done.
    page.goto(f"{base}/projects/PRJ-2026-950/")
    page.get_by_test_id("project-runs").get_by_role("link", name="Requirements gate check").click()
    page.get_by_test_id("complete").click()
    expect(page.locator("#run-errors")).to_contain_text("Answer every required item")
    item = page.locator("[data-item]", has_text="Requirements signed off")
    item.locator("label", has_text=re.compile("^Done$")).click()
    item.locator("input[type=url]").fill("https://intranet.example.com/signoff.pdf")
    page.get_by_test_id("complete").click()
    expect(page.get_by_test_id("completed-by")).to_contain_text("Completed by")

    # exec approves the gate from the home panel; the phase moves on.
    switch_user(page, login, "exec")
    page.goto(f"{base}/projects/work/")
    page.get_by_test_id("gates-awaiting").get_by_role("link", name=re.compile("PRJ-2026-950")).click()
    page.get_by_label("Approve", exact=True).check()
    page.get_by_test_id("decide").click()
    expect(page.get_by_test_id("gate-state")).to_have_text("Approved")
    assert Project.objects.get(code="PRJ-2026-950").phase == "design"

    page.goto(f"{base}/standards/compliance/")
    row = page.locator("tr[data-project='PRJ-2026-950']")
    expect(row.get_by_test_id("rate")).to_have_text("100.0 %")
