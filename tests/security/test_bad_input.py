"""Hostile input answers 400 with a clear message, never a 500 (issue 12): NUL characters anywhere, JSON bodies
nested 10,000 deep, bodies that are not JSON."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

NUL_MESSAGE_EN = "NUL character"


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_nul_in_username_on_the_login_page(en, pm_user):
    response = en.post(
        reverse("login"),
        "username=bob%00_pm&password=demo",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert NUL_MESSAGE_EN in body and 'data-status="400"' in body and "portal.css" in body


def test_nul_in_username_at_the_token_endpoint(en, pm_user):
    response = en.post(
        reverse("api-token"), {"username": "bob\x00_pm", "password": "demo"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert NUL_MESSAGE_EN in json.dumps(response.json())


@pytest.mark.parametrize("header", ["Token abc\x00def", "Token \x00", "Basic \x00", "\x00"])
def test_nul_in_the_authorization_header(en, pm_user, header):
    response = en.get("/api/v1/projects/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 400
    assert NUL_MESSAGE_EN in response.json()["detail"]


def test_nul_in_a_cookie(en, pm_user):
    en.cookies[settings.SESSION_COOKIE_NAME] = "abc\x00def"
    assert en.get(reverse("projects:list")).status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "/projects/?q=%00",
        "/projects/?state=active%00",
        "/projects/?%00=1",
        "/api/v1/projects/?search=%00",
        "/api/v1/projects/?code=a%00b",
        "/projects/PRJ%00/",
        "/api/v1/projects/1%00/",
    ],
)
def test_nul_in_query_strings_and_paths(client, pmo_user, url):
    client.force_login(pmo_user)
    assert client.get(url).status_code == 400


def test_nul_in_a_json_string_anywhere_in_the_body(en, pm_user):
    en.force_login(pm_user)
    body = {"name": "ok", "nested": [{"deep": "x\x00y"}]}
    response = en.post("/api/v1/projects/", body, content_type="application/json")
    assert response.status_code == 400
    assert NUL_MESSAGE_EN in response.json()["detail"]


def test_nul_in_a_form_field_of_a_page(en, pm_user):
    en.force_login(pm_user)
    form = "application/x-www-form-urlencoded"
    response = en.post(reverse("notification_settings"), "language=ja%00", content_type=form)
    assert response.status_code == 400
    # A multipart form is left to the form fields, which refuse NUL themselves: never a 500.
    anonymous = Client()
    response = anonymous.post(reverse("login"), {"username": "bob\x00_pm", "password": "demo"})
    assert response.status_code in (200, 400)
    assert "_auth_user_id" not in anonymous.session


def test_ten_thousand_deep_json_sent_anonymously(en, db):
    body = "[" * 10_000 + "]" * 10_000
    response = en.generic("POST", reverse("api-token"), body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_deep_json_object_below_the_recursion_limit_is_refused_too(en, db):
    body = '{"a":' * 200 + "1" + "}" * 200
    response = en.generic("POST", reverse("api-token"), body, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize("body", ["{", "not json", '{"username": NaN}', "\xff\xfe"])
def test_malformed_json_is_400(client, db, body):
    response = client.generic("POST", reverse("api-token"), body.encode("latin-1"), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_token_endpoint_refuses_non_strings_and_huge_values(client, pm_user):
    for payload in ({"username": ["bob_pm"], "password": "demo"}, {"username": "b" * 10_000, "password": "demo"}):
        response = client.post(reverse("api-token"), payload, content_type="application/json")
        assert response.status_code == 400, payload
