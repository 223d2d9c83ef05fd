"""The permission matrix (issue 12): every page and API operation × every role × read and write, against the
expected tables in tests/security/matrix_<app>.py, generated from the URL configuration and the OpenAPI schema so
that a new URL without an entry fails here, saying which entry to add.

Writes send an empty body inside a transaction that is rolled back: a role the table refuses must get its 403/404
and leave the database unchanged (history and the project untouched); a role the table allows must get as far
as validation.
"""

from __future__ import annotations

import importlib
import json

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.models import AuditEntry
from projects.models import Project
from tests.security.conftest import WEEK
from tests.security.matrix_common import ROLES, WRITE_METHODS, Answer, expand, matches, outcome_of

pytestmark = pytest.mark.slow

APPS = ("core", "projects", "standards", "knowledge", "reporting")
#: URL names owned by each app module (by namespace; core holds the site-wide ones without a namespace).
NAMESPACES = {"projects": "projects", "standards": "standards", "knowledge": "knowledge", "reporting": "reporting"}


def _matrix(app: str):
    return importlib.import_module(f"tests.security.matrix_{app}")


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


def page_patterns() -> dict[str, URLPattern]:
    """Every page's URL name → its pattern (the API's operations come from the schema; the admin is its own)."""
    pages: dict[str, URLPattern] = {}
    for name, route, pattern in _walk(get_resolver()):
        route = route.lstrip("^")
        if route.startswith("admin/") and name != "admin:index":
            continue  # the admin: staff only, one entry (admin:index) shows that none of the roles gets in
        is_drf = hasattr(pattern.callback, "cls")
        if is_drf and route.startswith("api/v1/") and name not in ("api-root",):
            continue
        pages.setdefault(name or f"<unnamed {route}>", pattern)
    return pages


def app_of(name: str) -> str:
    namespace = name.split(":", 1)[0] if ":" in name else ""
    return NAMESPACES.get(namespace, "core")


def methods_of(pattern: URLPattern) -> list[str]:
    view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    if view_class is None:
        return []
    return [m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]


def api_operations() -> dict[str, dict]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {}
    for path, item in schema["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                operations[f"{method.upper()} {path}"] = item[method]
    return operations


def all_entries() -> dict[str, dict]:
    entries = {}
    for app in APPS:
        module = _matrix(app)
        entries.update({key: (app, value) for key, value in {**module.PAGES, **module.API}.items()})
    return entries


# --- Completeness -----------------------------------------------------------------------------------------------


def test_every_page_and_operation_has_an_entry():
    entries = all_entries()
    missing = []
    for name, pattern in page_patterns().items():
        app = app_of(name)
        if name not in entries:
            methods = ", ".join(f'"{m}": "<7 outcomes>"' for m in (methods_of(pattern) or ["GET"]))
            missing.append(f"tests/security/matrix_{app}.py PAGES: {name!r}: {{{methods}}}")
            continue
        expected = entries[name][1]
        for method in methods_of(pattern):
            if method not in expected:
                missing.append(f"tests/security/matrix_{app}.py PAGES[{name!r}]: add {method!r}")
    for key in api_operations():
        if key not in entries:
            path = key.split()[1]
            app = next((a for a in APPS if _api_prefix(path, getattr(_matrix(a), "API_PREFIXES", ()))), "core")
            missing.append(f"tests/security/matrix_{app}.py API: {key!r}: '<7 outcomes>'")
    assert not missing, "URLs without an entry in the permission matrix:\n  " + "\n  ".join(missing)


def test_no_entry_for_a_url_that_does_not_exist():
    known = set(page_patterns()) | set(api_operations())
    stale = [key for key in all_entries() if key not in known]
    assert not stale, f"entries for URLs that no longer exist (remove them): {stale}"


# --- The checks ---------------------------------------------------------------------------------------------------


def _fingerprint(project_pk: int):
    row = Project.objects.filter(pk=project_pk).values_list("name", "version", "state", "archived_at").first()
    return AuditEntry.objects.count(), row


def _value(objects, ref):
    if isinstance(ref, str) and ref.startswith("="):
        return ref[1:]
    obj = objects[ref]
    return obj.pk if hasattr(obj, "pk") else obj


def _page_url(name: str, pattern: URLPattern, entry: dict, portfolio) -> str:
    objects = portfolio["objects"]
    refs = entry.get("kwargs", {})
    names = list(pattern.pattern.regex.groupindex)
    kwargs = {}
    for arg in names:
        if arg in refs:
            kwargs[arg] = _value(objects, refs[arg])
        elif arg == "code":
            kwargs[arg] = objects["project"].code
        elif arg == "week":
            kwargs[arg] = WEEK
        else:
            raise AssertionError(f"{name}: say in its entry which object gives {arg!r} (kwargs)")
    return reverse(name, kwargs=kwargs)


def _api_url(key: str, entry_app: str, portfolio) -> str:
    path = key.split(" ", 1)[1]
    module = _matrix(entry_app)
    objects = portfolio["objects"]
    if "{" in path:
        prefix = _api_prefix(path, module.API_OBJECTS)
        params = getattr(module, "API_PARAMS", {}).get(path) or {"id": module.API_OBJECTS[prefix]}
        for param, ref in params.items():
            path = path.replace("{" + param + "}", str(_value(objects, ref)))
    return path


def _resolve_data(data: dict, objects) -> dict:
    """Form fields or a JSON body; ``"@report.version"`` is an attribute of a portfolio object."""
    out = {}
    for key, value in data.items():
        if isinstance(value, str) and value.startswith("@"):
            name, _dot, attr = value[1:].partition(".")
            obj = objects[name]
            value = getattr(obj.__class__.objects.get(pk=obj.pk), attr or "pk")
        out[key] = value
    return out


def _api_prefix(path: str, prefixes) -> str | None:
    """The longest of ``prefixes`` (``"issues"``, ``"standards/documents"``) that ``path`` starts with."""
    matching = [p for p in prefixes if path.startswith(f"/api/v1/{p}/")]
    return max(matching, key=len) if matching else None


def _ask(client, method: str, url: str, api: bool, data: dict | None = None) -> Answer:
    if method == "GET":
        response = client.get(url)
    elif api:
        response = getattr(client, method.lower())(url, data=json.dumps(data or {}), content_type="application/json")
    elif method == "POST":
        response = client.post(url, data or {})
    else:
        response = getattr(client, method.lower())(url)
    location = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    if api and response.status_code in (401, 403):
        location = "unauthenticated" if "credentials" in response.content.decode(errors="replace") else ""
    return Answer(response.status_code, location)


def _check(key, method, spec, url, api, portfolio, role_clients, failures, data=None):
    expected = expand(spec)
    login_url = reverse(settings.LOGIN_URL)
    for role in ROLES:
        client = role_clients[role]
        if method in WRITE_METHODS:
            with transaction.atomic():
                before = _fingerprint(portfolio["project"].pk)
                body = _resolve_data(data, portfolio["objects"]) if data else None
                answer = _ask(client, method, url, api, body)
                after = _fingerprint(portfolio["project"].pk)
                transaction.set_rollback(True)
            user = portfolio["users"][role]
            if user is not None and "_auth_user_id" not in client.session:
                client.force_login(user)  # a write that logged the client out (logout, password change)
        else:
            answer = _ask(client, method, url, api)
            before = after = None
        got = outcome_of(answer, role=role, method=method, api=api, login_url=login_url)
        if not matches(expected[role], got, answer):
            failures.append(f"{key} {method} as {role}: expected {expected[role]}, got {got} ({answer.status})")
        elif method in WRITE_METHODS and expected[role] != "ok" and before != after:
            failures.append(f"{key} {method} as {role}: refused ({answer.status}) but the database changed")


@pytest.mark.parametrize("app", APPS)
def test_pages(app, portfolio, role_clients):
    module = _matrix(app)
    module.build(portfolio)
    patterns = page_patterns()
    failures: list[str] = []
    for name, entry in module.PAGES.items():
        if name not in patterns:
            continue  # reported by test_no_entry_for_a_url_that_does_not_exist
        url = _page_url(name, patterns[name], entry, portfolio)
        api = url.startswith("/api/")
        for method in ("GET", *WRITE_METHODS):
            if method in entry:
                data = entry.get("data", {}).get(method)
                _check(name, method, entry[method], url, api, portfolio, role_clients, failures, data)
    assert not failures, f"{len(failures)} answers differ from tests/security/matrix_{app}.py:\n  " + "\n  ".join(
        failures
    )


@pytest.mark.parametrize("app", APPS)
def test_api(app, portfolio, role_clients):
    module = _matrix(app)
    module.build(portfolio)
    operations = api_operations()
    failures: list[str] = []
    for key, spec in module.API.items():
        if key not in operations:
            continue
        method = key.split(" ", 1)[0]
        data = getattr(module, "API_BODIES", {}).get(key)
        _check(key, method, spec, _api_url(key, app, portfolio), True, portfolio, role_clients, failures, data)
    assert not failures, f"{len(failures)} answers differ from tests/security/matrix_{app}.py:\n  " + "\n  ".join(
        failures
    )
