"""Schemathesis against /api/schema/ (issue 12), bounded: every operation with a few generated requests as a PM, a
member and an executive on the security portfolio. No 500, no answer breaking its own schema, and no call the
permission matrix forbids to the role that succeeds or changes the database."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from core.models import AuditEntry
from projects.models import Issue, Project, Risk, StatusReport
from tests.security.matrix_common import expand
from tests.security.test_permission_matrix import all_entries

EXAMPLES = 2

pytestmark = pytest.mark.slow


@pytest.fixture
def api_schema(db, same_transaction):
    from pmo_portal.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def same_transaction():
    """Requests through the WSGI app run in the test's transaction (as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _state():
    return (
        AuditEntry.objects.count(),
        Project.objects.count(),
        Issue.objects.count(),
        Risk.objects.count(),
        StatusReport.objects.count(),
        tuple(Project.objects.order_by("pk").values_list("name", "version", "archived_at")),
    )


def _summary(exc: BaseException) -> str:
    """The first lines of each failure schemathesis found (the schema location and the offending value)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return " | ".join(lines[:8])[:400]


def _fuzz(operation, key: str, role: str, token: str, *, allowed: bool, failures: list[str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    def run(case):
        with transaction.atomic():
            before = _state()
            response = case.call(headers={"Authorization": f"Token {token}"})
            after = _state()
            transaction.set_rollback(True)
        try:
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together
            failures.append(f"{key} as {role}: {_summary(exc)}")
        if not allowed and case.method.upper() != "GET":
            if 200 <= response.status_code < 300:
                failures.append(f"{key} as {role}: forbidden by the matrix, answered {response.status_code}")
            if before != after:
                failures.append(f"{key} as {role}: forbidden by the matrix, but the database changed")

    run()


@pytest.mark.parametrize("role", ["pm", "member", "exec"])
def test_generated_requests(role, api_schema, portfolio, same_transaction):
    from tests.security import matrix_knowledge, matrix_projects, matrix_reporting, matrix_standards

    for module in (matrix_projects, matrix_standards, matrix_knowledge, matrix_reporting):
        module.build(portfolio)
    token = Token.objects.create(user=portfolio["users"][role]).key
    expected = {key: expand(spec)[role] for key, (_app, spec) in all_entries().items() if isinstance(spec, str)}
    failures: list[str] = []

    for result in api_schema.get_all_operations():
        operation = result.ok()
        key = f"{operation.method.upper()} {operation.path}"
        if operation.path.startswith("/api/v1/auth/"):
            continue  # the token endpoints: throttled logins, tested in test_login_throttle.py and test_tokens.py
        _fuzz(operation, key, role, token, allowed=expected.get(key) == "ok", failures=failures)
    assert not failures, f"{len(failures)} problems:\n  " + "\n  ".join(failures[:60])
