"""API tokens: issued at the token endpoint or on the profile page, revocable, and revoked on a password change.

A token is as strong as the password that obtained it, so a new password ends every token of the user, whatever
path changed it (the password change page, the admin, ``manage.py changepassword``, ``set_password`` in code): the
``pre_save``/``post_save`` pair below compares the stored password hash, independent of any view or login signal.
Issuing and revoking are recorded in the user's history (``core.models.AuditEntry``), never the key itself.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from rest_framework.authtoken.models import Token

from core import audit


def token_of(user) -> Token | None:
    return Token.objects.filter(user=user).first()


@transaction.atomic
def issue_token(*, user, actor=None) -> Token:
    """The user's token, creating one if there is none (the token endpoint)."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit.record(actor=actor or user, action="token_issued", obj=user)
    return token


@transaction.atomic
def regenerate_token(*, user, actor=None) -> Token:
    """A fresh token for the user; the old one, if any, stops working at once."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(actor=actor or user, action="token_issued", obj=user)
    return token


@transaction.atomic
def revoke_tokens(*, user, actor=None, reason: str = "") -> int:
    """End every API token of ``user``; returns how many there were."""
    deleted, _detail = Token.objects.filter(user=user).delete()
    if deleted:
        audit.record(actor=actor or user, action="token_revoked", obj=user, comment=reason)
    return deleted


def _remember_password(sender, instance, update_fields=None, **kwargs) -> None:
    instance._pmo_password_changed = False
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is None or stored == instance.password:
        return
    # A login may re-hash the same password (a stronger hasher): that is no change of password.
    raw = getattr(instance, "_password", None)
    instance._pmo_password_changed = not (raw is not None and check_password(raw, stored))


def _revoke_on_password_change(sender, instance, created=False, **kwargs) -> None:
    if not created and getattr(instance, "_pmo_password_changed", False):
        instance._pmo_password_changed = False
        revoke_tokens(user=instance, actor=None, reason="password changed")


def connect_signals() -> None:
    user_model = get_user_model()
    pre_save.connect(_remember_password, sender=user_model, dispatch_uid="core.tokens.remember_password")
    post_save.connect(_revoke_on_password_change, sender=user_model, dispatch_uid="core.tokens.revoke_on_password")
