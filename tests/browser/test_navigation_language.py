"""pm1 logs in and sees the navigation in Japanese, then in English after switching."""

from playwright.sync_api import expect


def test_pm1_navigation_japanese_then_english(page, live_server, demo_users, login):
    login("pm1")
    nav = page.get_by_role("navigation", name="メインナビゲーション")
    for label in ("ダッシュボード", "プロジェクト", "標準", "ナレッジ", "レポート"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ja")

    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("networkidle")
    nav = page.get_by_role("navigation", name="Main navigation")
    for label in ("Dashboard", "Projects", "Standards", "Knowledge", "Reports"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Bootstrap is served by the portal itself: the navbar is laid out, not raw list items.
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
