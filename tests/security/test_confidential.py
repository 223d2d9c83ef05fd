"""A confidential project never leaks (issue 12): every page and API read that the permission matrix lets the PM
of another project open — lists, searches, dashboards, panels, exports (csv/xlsx), counts — is fetched, and
neither the confidential project's code and name nor the titles of its lesson and report appear in it."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.security import matrix_knowledge, matrix_projects, matrix_reporting, matrix_standards
from tests.security.matrix_common import expand
from tests.security.test_permission_matrix import _api_url, _page_url, all_entries, page_patterns

pytestmark = pytest.mark.slow

SECRETS = ("PRJ-SEC-1", "極秘案件", "試験環境は早めに")


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # an xlsx: look inside its XML parts
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    return body.decode("utf-8", "replace")


@pytest.mark.parametrize("role", ["other_pm", "norole"])
def test_the_confidential_project_never_shows_to_outsiders(role, portfolio, role_clients):
    for module in (matrix_projects, matrix_standards, matrix_knowledge, matrix_reporting):
        module.build(portfolio)
    client = role_clients[role]
    patterns = page_patterns()
    leaks, read = [], 0
    for key, (app, entry) in all_entries().items():
        if isinstance(entry, dict):
            if "GET" not in entry or expand(entry["GET"])[role] != "ok" or key not in patterns:
                continue
            url = _page_url(key, patterns[key], entry, portfolio)
        else:
            if not key.startswith("GET ") or expand(entry)[role] != "ok":
                continue
            url = _api_url(key, app, portfolio)
        response = client.get(url)
        read += 1
        if response.status_code != 200:
            continue
        text = _text(response)
        leaks += [f"{key} ({url}): {secret!r}" for secret in SECRETS if secret in text]
    assert read >= (30 if role == "other_pm" else 5), read
    assert not leaks, "the confidential project leaks:\n  " + "\n  ".join(leaks)


def test_the_insiders_do_see_it(portfolio, role_clients):
    """The check above can fail: the same pages show the project to its member."""
    response = role_clients["member"].get("/projects/")
    assert SECRETS[0] in response.content.decode()
