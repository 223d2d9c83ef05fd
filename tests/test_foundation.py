"""The foundation: settings from the environment, roles, login, home redirects, API auth, health."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core import roles

pytestmark = pytest.mark.django_db


def test_role_groups_created_by_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)


def _run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_default_secret():
    result = _run_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_allows_dev_secret_and_sqlite_default(tmp_path):
    result = _run_settings({"DEBUG": "1", "PMO_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_bad_boolean_fails_fast():
    result = _run_settings({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_defaults_are_japanese_and_tokyo(settings):
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"


def test_login_page_in_japanese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "ログイン" in response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_login_page_in_english_after_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert "Log in" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get("/projects/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("fixture", "target"),
    [
        ("pmo_user", "/dashboard/"),
        ("exec_user", "/dashboard/"),
        ("pm_user", "/projects/?mine=1"),
        ("member_user", "/projects/"),
        ("norole_user", "/profile/"),
    ],
)
def test_home_sends_each_role_to_its_place(client, request, fixture, target):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == target


def test_user_without_role_sees_only_profile(client, norole_user):
    client.force_login(norole_user)
    assert client.get("/profile/").status_code == 200
    for path in ("/projects/", "/dashboard/", "/standards/", "/knowledge/", "/reports/"):
        assert client.get(path).status_code == 403, path


def test_navigation_and_pages_for_pm(client, pm_user):
    client.force_login(pm_user)
    for path in ("/dashboard/", "/projects/", "/standards/", "/knowledge/", "/reports/", "/profile/"):
        response = client.get(path)
        assert response.status_code == 200, path
    body = client.get("/projects/").content.decode()
    for label in ("ダッシュボード", "プロジェクト", "標準", "ナレッジ", "レポート"):
        assert label in body


def test_password_change(client, pm_user):
    client.force_login(pm_user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "demo",
            "new_password1": "A-much-better-pass-2026",
            "new_password2": "A-much-better-pass-2026",
        },
    )
    assert response.status_code == 302
    pm_user.refresh_from_db()
    assert pm_user.check_password("A-much-better-pass-2026")


def test_api_token_auth(client, pm_user):
    response = client.post("/api/v1/auth/token/", {"username": "bob_pm", "password": "demo"})
    assert response.status_code == 200
    token = response.json()["token"]
    response = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_api_token_bad_password_is_400(client, pm_user):
    response = client.post("/api/v1/auth/token/", {"username": "bob_pm", "password": "wrong"})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_api_requires_auth(client):
    assert client.get("/api/v1/").status_code in (401, 403)


def test_openapi_schema_and_docs_offline(client, pm_user):
    client.force_login(pm_user)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert b"/api/v1/auth/token/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "http://" not in html.replace("http://testserver", "") or "cdn" not in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html


def test_static_assets_served_by_portal(client, pm_user):
    client.force_login(pm_user)
    html = client.get("/projects/").content.decode()
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "<script>" not in html  # no inline scripts (CSP)


def test_japanese_even_when_the_browser_prefers_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "ログイン" in response.content.decode()


def test_openapi_schema_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in ("/api/v1/projects/", "/api/v1/status-reports/", "/api/v1/risks/", "/api/v1/action-items/"):
        assert path in schema
