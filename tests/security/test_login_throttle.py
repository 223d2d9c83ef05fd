"""Login throttling: 50 wrong passwords, then the right one, on each of the three login paths (issue 12).

Failures count per username and address together: the attacked pair is refused (429, with a translated message in
the portal's layout or as JSON), another user from the same address and the same user from another address are
not; after the cool-off the right password works again.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

ATTEMPTS = 50
GOOD = "demo"


def _login_page(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _admin_login(client, username, password, **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, **extra)


def _token(client, username, password, **extra):
    return client.post(
        reverse("api-token"), {"username": username, "password": password}, content_type="application/json", **extra
    )


def _accepted(path: str, response) -> bool:
    if path == "token":
        return response.status_code == 200 and "token" in response.json()
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


PATHS = {"login": _login_page, "admin": _admin_login, "token": _token}


@pytest.fixture
def victim(db):
    return UserFactory(username="victim", is_staff=True)


@pytest.fixture
def bystander(db):
    return UserFactory(username="bystander", is_staff=True)


def _hammer(client, attempt, username="victim"):
    statuses = {attempt(client, username, f"wrong-{i}").status_code for i in range(ATTEMPTS)}
    assert 500 not in statuses
    return statuses


@pytest.mark.parametrize("path", PATHS)
def test_right_password_after_50_failures_is_refused(client, victim, path):
    attempt = PATHS[path]
    assert settings.AXES_FAILURE_LIMIT < ATTEMPTS
    statuses = _hammer(client, attempt)
    assert 429 in statuses  # the lockout begins within the 50
    response = attempt(client, "victim", GOOD)
    assert response.status_code == 429
    assert not _accepted(path, response)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", PATHS)
def test_other_user_and_other_address_are_unaffected(client, victim, bystander, path):
    attempt = PATHS[path]
    _hammer(client, attempt)
    assert _accepted(path, attempt(client, "bystander", GOOD))  # same address, another user
    client.logout()
    assert _accepted(path, attempt(client, "victim", GOOD, REMOTE_ADDR="10.1.2.3"))  # same user, another address


@pytest.mark.parametrize("path", PATHS)
def test_after_the_cool_off_the_right_password_works(client, victim, path):
    attempt = PATHS[path]
    _hammer(client, attempt)
    assert attempt(client, "victim", GOOD).status_code == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=True):
        assert _accepted(path, attempt(client, "victim", GOOD))


def test_failures_below_the_limit_do_not_lock(client, victim):
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login_page(client, "victim", f"wrong-{i}").status_code == 200
    assert _accepted("login", _login_page(client, "victim", GOOD))


def test_lockout_page_is_translated_in_the_portal_layout(client, victim):
    _hammer(client, _login_page)
    response = _login_page(client, "victim", GOOD)
    body = response.content.decode()
    assert response.status_code == 429
    assert 'data-status="429"' in body and "portal.css" in body and 'lang="ja"' in body
    assert int(response["Retry-After"]) > 0
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _login_page(client, "victim", GOOD).content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Too many failed login attempts. Try again in {minutes} minutes." in body


def test_lockout_answer_of_the_api_is_json(client, victim):
    _hammer(client, _token)
    response = _token(client, "victim", GOOD)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json() and response.json()["detail"]


def test_cool_off_and_limit_come_from_the_environment():
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), s.AXES_LOCKOUT_PARAMETERS)"
    )
    env = {**os.environ, "LOGIN_FAILURE_LIMIT": "4", "LOGIN_COOLOFF_MINUTES": "45"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "4 2700 [['username', 'ip_address']]"
    bad = subprocess.run(
        [sys.executable, "-c", code], env={**env, "LOGIN_FAILURE_LIMIT": "0"}, capture_output=True, text=True
    )
    assert bad.returncode != 0 and "LOGIN_FAILURE_LIMIT" in bad.stderr
