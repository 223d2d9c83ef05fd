"""Response headers: no caching of anything private, and the production settings' hardening (issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import reverse


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value


def test_authenticated_pages_are_not_stored(client, pm_user):
    client.force_login(pm_user)
    for url in (reverse("profile"), reverse("projects:list"), reverse("notifications")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), (url, response.get("Cache-Control"))


def test_api_answers_are_not_stored(client, pm_user):
    token = client.post(
        reverse("api-token"), {"username": "bob_pm", "password": "demo"}, content_type="application/json"
    )
    assert _no_store(token)  # the token itself must never sit in a cache
    response = client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert response.status_code == 200 and _no_store(response)


def test_errors_and_the_login_page_are_not_stored(client, pm_user):
    assert _no_store(client.get(reverse("login")))
    client.force_login(pm_user)
    assert _no_store(client.get("/projects/NO-SUCH-PROJECT/"))


def test_static_files_keep_their_caching(client, pm_user):
    client.force_login(pm_user)
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_clickjacking_csp_and_sniffing_headers(client, pm_user):
    client.force_login(pm_user)
    response = client.get(reverse("profile"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "<script>" not in response.content.decode()  # no inline script (every <script> has a src)


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-and-random-enough-secret-key-for-the-deploy-check-0123456789-abcdef",
    "ALLOWED_HOSTS": "pmo.example.com",
    "DATABASE_URL": "embedded",
    "REDIS_URL": "embedded",
    "EMAIL_HOST": "embedded",
}
# DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' conftest for playwright, never in production.
_DROP = (
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _production_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROP and k != "DJANGO_SETTINGS_MODULE"}
    return {**env, **PRODUCTION, "PMO_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"}


def test_production_settings_harden_cookies_and_transport(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=_production_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "True", "DENY"]


@pytest.mark.parametrize("settings_module", ["pmo_portal.settings"])
def test_check_deploy_is_clean_with_production_settings(tmp_path, settings_module):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
