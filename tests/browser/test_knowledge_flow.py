"""The knowledge base in a real browser (issue 9, "Done when").

pm1 searches in Japanese, opens a lesson and marks it helpful; pmo rolls it out into the delivery pre-check
checklist; pm1 sees it suggested on a project in the matching phase.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from knowledge import services
from standards.services import checklists as checklist_services
from tests.factories import ProjectFactory

pytestmark = pytest.mark.browser
TITLE = "移行リハーサルは本番相当のデータ量で2回実施する"


@pytest.fixture
def knowledge_world(demo_users):
    pm1, pm2, pmo = demo_users["pm1"], demo_users["pm2"], demo_users["pmo"]
    project = ProjectFactory(pm=pm1, code="PRJ-2026-901", name="会計システム刷新", phase="deployment",
                             project_type="system_development")  # fmt: skip
    services.create_lesson(
        actor=pm2,
        kind="lesson",
        title=TITLE,
        what_happened="要件定義で合意した移行方式のリハーサルを1回しか行わず、本番当日に時間を超過した。",
        root_cause="本番相当のデータ量で計測していなかった。",
        recommendation="移行リハーサルは本番相当のデータ量で最低2回実施し、切り戻しも含めて計測する。",
        phase="deployment",
        project_type="system_development",
        tags=["移行", "リハーサル"],
        publish=True,
    )
    services.create_lesson(actor=pm2, title="Cloud sizing", what_happened="w", recommendation="r", publish=True,
                           phase="design", project_type="rnd")  # fmt: skip
    checklist = checklist_services.create_checklist(
        actor=pmo, code="DELIVERY-PRECHECK", title="納品物事前チェック", purpose="delivery"
    )
    checklist_services.add_item_to_draft(actor=pmo, checklist=checklist, text="成果物一覧を確認した")
    checklist_services.publish(actor=pmo, checklist=checklist, expected_version=checklist.version)
    return project


def switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_search_vote_promote_and_suggest(page, live_server, login, knowledge_world):
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    login("pm1")
    page.goto(f"{live_server.url}/knowledge/")
    page.get_by_test_id("knowledge-search").fill("要件定義")
    results = page.get_by_test_id("lesson-result")
    expect(results).to_have_count(1)  # htmx replaced the results as pm1 typed
    expect(results.first.locator("mark").first).to_have_text("要件定義")
    results.first.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("lesson-title")).to_have_text(TITLE)
    page.get_by_test_id("vote-yes").click()
    expect(page.get_by_test_id("vote-yes")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("vote-counts")).to_contain_text("1")
    lesson_url = page.url

    switch_user(page, login, "pmo")
    page.goto(lesson_url)
    page.get_by_test_id("promote").click()
    page.locator("#id_checklist").select_option(label="DELIVERY-PRECHECK 納品物事前チェック")
    page.get_by_test_id("promote-submit").click()
    expect(page.get_by_test_id("rollouts")).to_contain_text("DELIVERY-PRECHECK")

    switch_user(page, login, "pm1")
    page.goto(f"{live_server.url}/projects/{knowledge_world.code}/")
    panel = page.get_by_test_id("knowledge-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("suggested-lesson").first).to_contain_text(TITLE)
    expect(panel).not_to_contain_text("Cloud sizing")
    assert not [e for e in errors if "Content Security Policy" in e], errors
