"""Browser tests: Debian's chromium driven by pytest-playwright (never `playwright install`)."""

import os

import pytest

from core import roles
from tests.factories import user_with_role

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does this as root)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An English-speaking browser: the portal must still start in Japanese.
    return {**browser_context_args, "locale": "en-US", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo_users(transactional_db):
    """The demo logins (password 'demo') with their roles."""
    return {
        "pmo": user_with_role(roles.PMO, "pmo"),
        "exec": user_with_role(roles.EXECUTIVE, "exec"),
        "pm1": user_with_role(roles.PM, "pm1"),
        "pm2": user_with_role(roles.PM, "pm2"),
        "member1": user_with_role(roles.MEMBER, "member1"),
    }


@pytest.fixture
def login(page, live_server):
    """login(username) signs in through the login form."""

    def _login(username: str, password: str = "demo"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.locator("form").filter(has=page.locator("input[name=password]")).locator("[type=submit]").click()
        page.wait_for_load_state("networkidle")
        return page

    return _login
