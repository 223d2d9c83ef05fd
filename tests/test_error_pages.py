"""403, 404 and 500 pages in the portal's layout and language; a 403 logs one line; the favicon; the API docs page
within the Content Security Policy."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_404_in_the_portal_layout_and_language(client, pm_user):
    client.force_login(pm_user)
    response = client.get("/projects/NO-SUCH-PROJECT/")
    assert response.status_code == 404
    assert 'data-status="404"' in response.text
    assert 'class="navbar' in response.text and 'lang="ja"' in response.text
    assert "ページが見つかりません" in response.text or "Page not found" in response.text


def test_403_in_the_portal_layout(client, norole_user):
    client.force_login(norole_user)
    response = client.get(reverse("projects:list"))
    assert response.status_code == 403
    assert 'data-status="403"' in response.text and 'class="navbar' in response.text


def test_500_needs_no_database_nor_request_context(django_assert_num_queries):
    request = RequestFactory().get("/boom")
    with translation.override("ja"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert 'data-status="500"' in body and 'lang="ja"' in body and "portal.css" in body


def test_a_403_logs_one_line_without_a_traceback(client, norole_user):
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    stream = io.StringIO()
    old = handler.setStream(stream)
    try:
        client.force_login(norole_user)
        assert client.get(reverse("projects:list")).status_code == 403
    finally:
        handler.setStream(old)
    lines = [line for line in stream.getvalue().splitlines() if line.strip()]
    assert lines == ["Forbidden (Permission denied): /projects/"], lines


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_api_docs_has_no_inline_style(client, pm_user):
    client.force_login(pm_user)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert "<style" not in response.text
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "api_docs.css" in response.text
