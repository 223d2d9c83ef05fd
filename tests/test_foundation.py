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


#: What the settings read that a test run may have set: removed before each start, so each test says all it sets.
_CONFIG_VARS = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"}


def _run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Start the real settings (``django.setup()``) in a new Python with the environment less ours, plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in _CONFIG_VARS and not k.startswith("RAG_")}
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


#: A production start (DEBUG off) with every required variable set; the tests below take one away or spoil one.
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-and-random-enough-secret-key-for-the-settings-test-0123456789",
    "ALLOWED_HOSTS": "pmo.example.com",
    "DATABASE_URL": "postgres://pmo:pmo@db.example.com:5432/pmo",
    "REDIS_URL": "redis://redis.example.com:6379/0",
    "EMAIL_HOST": "smtp.example.com",
}


def _settings_value(env: dict[str, str], expression: str) -> str:
    """Start the settings with ``env`` and return ``repr(expression)`` (over ``settings``); fail on an error."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings; print(repr(({expression})))",
        ],
        env={
            **{k: v for k, v in os.environ.items() if k not in _CONFIG_VARS and not k.startswith("RAG_")},
            **env,
            "DJANGO_SETTINGS_MODULE": "pmo_portal.settings",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _error_line(result: subprocess.CompletedProcess) -> str:
    """The ImproperlyConfigured line of a failed start (the traceback's last line)."""
    assert result.returncode != 0, "the settings started, but should have refused"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: "), result.stderr
    return last


def test_production_starts_with_every_server_named(tmp_path):
    env = {**PRODUCTION, "PMO_VAR_DIR": str(tmp_path)}
    expression = "settings.DATABASES['default']['HOST'], settings.CELERY_BROKER_URL, settings.EMAIL_BACKEND"
    assert _settings_value(env, expression) == str(
        ("db.example.com", "redis://redis.example.com:6379/0", "django.core.mail.backends.smtp.EmailBackend")
    )


@pytest.mark.parametrize("name", ["DATABASE_URL", "REDIS_URL", "EMAIL_HOST"])
@pytest.mark.parametrize("value", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_production_refuses_a_missing_server(tmp_path, name, value):
    env = {**PRODUCTION, "PMO_VAR_DIR": str(tmp_path)}
    if value is None:
        del env[name]
    else:
        env[name] = value
    line = _error_line(_run_settings(env))
    assert f"{name} is not set" in line
    assert f"{name}=embedded" in line  # says how to choose the embedded default
    for other in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST"} - {name}:
        assert other not in line


def test_production_names_every_missing_server_at_once(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k not in {"DATABASE_URL", "EMAIL_HOST"}}
    line = _error_line(_run_settings({**env, "PMO_VAR_DIR": str(tmp_path)}))
    assert "DATABASE_URL, EMAIL_HOST are not set" in line
    assert "REDIS_URL" not in line


def test_production_accepts_the_embedded_defaults_when_named(tmp_path):
    env = {
        **PRODUCTION,
        "PMO_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "embedded",
        "REDIS_URL": "embedded",
        "EMAIL_HOST": "embedded",
    }
    expression = "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], " + (
        "settings.CELERY_BROKER_URL, settings.EMAIL_BACKEND, str(settings.EMAIL_FILE_PATH)"
    )
    assert _settings_value(env, expression) == str(
        (
            "django.db.backends.sqlite3",
            str(tmp_path / "pmo_portal.sqlite3"),
            "filesystem://",
            "django.core.mail.backends.filebased.EmailBackend",
            str(tmp_path / "mail"),
        )
    )


def test_debug_needs_no_server(tmp_path):
    """Development (DEBUG on) with nothing set: the embedded defaults, without having to name them."""
    env = {"DEBUG": "1", "PMO_VAR_DIR": str(tmp_path)}
    expression = "settings.DATABASES['default']['ENGINE'], settings.CELERY_BROKER_URL, settings.EMAIL_BACKEND"
    assert _settings_value(env, expression) == str(
        ("django.db.backends.sqlite3", "filesystem://", "django.core.mail.backends.filebased.EmailBackend")
    )


def test_bad_database_url_names_the_variable(tmp_path):
    line = _error_line(_run_settings({**PRODUCTION, "PMO_VAR_DIR": str(tmp_path), "DATABASE_URL": "postgress://x/y"}))
    assert "DATABASE_URL" in line


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("RAG_GREEN_MIN", "high", "RAG_GREEN_MIN must be a decimal number"),
        ("RAG_GREEN_MIN", "1.6", "RAG_GREEN_MIN must be at most 1.5"),
        ("RAG_GREEN_MIN", "-0.1", "RAG_GREEN_MIN must be at least 0"),
        ("RAG_AMBER_MIN", "0,85", "RAG_AMBER_MIN must be a decimal number"),
        ("RAG_AMBER_MIN", "-1", "RAG_AMBER_MIN must be at least 0"),
        ("RAG_AMBER_MIN", "0.97", "RAG_AMBER_MIN (0.97) must not be above RAG_GREEN_MIN (0.95)"),
        ("RAG_EAC_OVERRUN", "0.9", "RAG_EAC_OVERRUN must be at least 1"),
        ("RAG_EAC_OVERRUN", "Infinity", "RAG_EAC_OVERRUN must be a finite decimal number"),
        ("RAG_QUALITY_TOLERANCE", "NaN", "RAG_QUALITY_TOLERANCE must be a finite decimal number"),
        ("RAG_QUALITY_TOLERANCE", "-0.2", "RAG_QUALITY_TOLERANCE must be at least 0"),
        ("RAG_QUALITY_TOLERANCE", "20%", "RAG_QUALITY_TOLERANCE must be a decimal number"),
        ("RAG_GATE_SLIP_WORKING_DAYS", "1.5", "RAG_GATE_SLIP_WORKING_DAYS must be an integer"),
        ("RAG_GATE_SLIP_WORKING_DAYS", "-1", "RAG_GATE_SLIP_WORKING_DAYS must be at least 0"),
    ],
)
def test_bad_rag_threshold_fails_fast(tmp_path, name, value, message):
    line = _error_line(_run_settings({"DEBUG": "1", "PMO_VAR_DIR": str(tmp_path), name: value}))
    assert message in line


def test_good_rag_thresholds_are_used(tmp_path):
    env = {
        "DEBUG": "1",
        "PMO_VAR_DIR": str(tmp_path),
        "RAG_GREEN_MIN": "1.0",
        "RAG_AMBER_MIN": "1.0",  # equal is allowed: no amber band
        "RAG_EAC_OVERRUN": "1",
        "RAG_GATE_SLIP_WORKING_DAYS": "0",
        "RAG_QUALITY_TOLERANCE": " 0.05 ",
    }
    thresholds = _settings_value(env, "sorted((k, str(v)) for k, v in settings.PMO_RAG_THRESHOLDS.items())")
    assert thresholds == str(
        [
            ("AMBER_MIN", "1.0"),
            ("EAC_OVERRUN", "1"),
            ("GATE_SLIP_WORKING_DAYS", "0"),
            ("GREEN_MIN", "1.0"),
            ("QUALITY_TOLERANCE", "0.05"),
        ]
    )


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
        ("pmo_user", "/projects/work/"),
        ("exec_user", "/dashboard/"),
        ("pm_user", "/projects/work/"),
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
    response = client.post(
        "/api/v1/auth/token/", {"username": "bob_pm", "password": "demo"}, content_type="application/json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    response = client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200


def test_api_token_bad_password_is_400(client, pm_user):
    response = client.post(
        "/api/v1/auth/token/", {"username": "bob_pm", "password": "wrong"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_api_bodies_are_json_only(client, pm_user):
    """One content type per operation (generated clients import cleanly): a form body is refused with 415."""
    response = client.post("/api/v1/auth/token/", {"username": "bob_pm", "password": "demo"})
    assert response.status_code == 415


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


# --- the admin site only reads ----------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root_admin", "root@example.com", "demo")


def test_admin_cannot_change_a_project(client, superuser, pm_user):
    from projects.models import Project
    from tests.factories import ProjectFactory

    project = ProjectFactory(pm=pm_user, name="Original name")
    before = Project.objects.filter(pk=project.pk).values().get()
    client.force_login(superuser)
    url = reverse("admin:projects_project_change", args=[project.pk])

    page = client.get(url)
    assert page.status_code == 200  # a superuser may look
    assert "Original name" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # a read-only page: no save button

    form = {field: value for field, value in before.items() if value is not None}
    form.update({"name": "Changed in the admin", "code": project.code, "_save": "Save"})
    response = client.post(url, form)
    assert response.status_code == 403
    assert Project.objects.filter(pk=project.pk).values().get() == before

    assert client.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:projects_project_add")).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


@pytest.mark.parametrize(
    "model", ["projects.orgunit", "projects.program", "projects.project", "projects.statusreport", "core.auditentry"]
)
def test_admin_is_read_only_for_portal_models(rf, superuser, model):
    from django.apps import apps
    from django.contrib import admin

    model_admin = admin.site._registry[apps.get_model(model)]
    request = rf.get("/admin/")
    request.user = superuser
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)
