"""API tokens: revocable by their owner (API and profile page), revoked by any password change (issue 12)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core import tokens
from core.models import AuditEntry


def _obtain(client, username="bob_pm", password="demo") -> str:
    response = client.post(
        reverse("api-token"), {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _works(_client, key: str) -> bool:
    """Does ``key`` still authenticate? (A fresh client: no session may stand in for the token.)"""
    status = Client().get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}").status_code
    assert status in (200, 401, 403), status
    return status == 200


def test_token_revoked_through_the_api(client, pm_user):
    key = _obtain(client)
    assert _works(client, key)
    response = client.post(reverse("api-token-revoke"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 204
    assert not _works(client, key)
    assert not Token.objects.filter(user=pm_user).exists()
    assert AuditEntry.objects.filter(action="token_revoked", object_id=pm_user.pk).exists()


def test_revoke_needs_a_signed_in_caller(client, pm_user):
    key = _obtain(client)
    assert client.post(reverse("api-token-revoke")).status_code in (401, 403)
    assert client.post(reverse("api-token-revoke"), HTTP_AUTHORIZATION="Token not-a-token").status_code in (401, 403)
    assert _works(client, key)


def test_revoking_ends_only_the_callers_token(client, pm_user, other_pm):
    mine, theirs = _obtain(client), _obtain(client, "carol_pm")
    client.post(reverse("api-token-revoke"), HTTP_AUTHORIZATION=f"Token {mine}")
    assert not _works(client, mine) and _works(client, theirs)


def test_profile_shows_and_revokes_the_token(client, pm_user):
    key = _obtain(client)
    client.force_login(pm_user)
    page = client.get(reverse("profile")).content.decode()
    assert 'data-testid="api-token"' in page and 'value="revoke"' in page
    assert key not in page  # the key itself is never shown again
    response = client.post(reverse("profile_token"), {"action": "revoke"})
    assert response.status_code == 302
    assert not _works(client, key)
    assert 'value="revoke"' not in client.get(reverse("profile")).content.decode()


def test_profile_replaces_the_token_and_shows_the_new_key_once(client, pm_user):
    old = _obtain(client)
    client.force_login(pm_user)
    response = client.post(reverse("profile_token"), {"action": "regenerate"})
    new = Token.objects.get(user=pm_user).key
    assert new != old and new in response.content.decode()
    assert not _works(client, old) and _works(client, new)
    assert new not in client.get(reverse("profile")).content.decode()


def test_profile_token_refuses_get_and_unknown_actions(client, pm_user):
    client.force_login(pm_user)
    assert client.get(reverse("profile_token")).status_code == 405
    assert client.post(reverse("profile_token"), {"action": "drop"}).status_code == 400


def test_password_change_page_revokes_the_token(client, pm_user):
    key = _obtain(client)
    client.force_login(pm_user)
    new_password = "A-much-better-pass-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": "demo", "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert not _works(client, key)
    assert AuditEntry.objects.filter(action="token_revoked", object_id=pm_user.pk).exists()


def test_set_password_in_code_or_admin_revokes_the_token(client, pm_user):
    key = _obtain(client)
    user = get_user_model().objects.get(pk=pm_user.pk)
    user.set_password("Another-strong-pass-77")
    user.save()
    assert not _works(client, key)


def test_saving_the_user_without_a_new_password_keeps_the_token(client, pm_user):
    key = _obtain(client)
    user = get_user_model().objects.get(pk=pm_user.pk)
    user.first_name = "Bob"
    user.save()
    user.save(update_fields=["last_login"])
    user.set_password("demo")  # the same password, hashed again (as a hasher upgrade at login does)
    user.save()
    assert _works(client, key)


def test_issue_is_idempotent_and_revoke_counts(db):
    from tests.factories import UserFactory

    user = UserFactory(username="tok_user")
    assert tokens.issue_token(user=user).key == tokens.issue_token(user=user).key
    assert tokens.revoke_tokens(user=user) == 1
    assert tokens.revoke_tokens(user=user) == 0
