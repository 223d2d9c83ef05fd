"""Notifications (通知): in the portal (a list with an unread count) and by e-mail, in the recipient's language.

Apps register the kinds they send (``register``: a label and a message with ``%(name)s`` parameters) and call
``notify`` from their services, inside the transaction of the change. One event notifies a user once
(``event_key``, unique per recipient), however often the service or a job runs; the e-mail goes through Celery
after the commit (``core.tasks.send_notification_email``), which sends it once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.models import Notification, NotificationSetting, UserPreference


@dataclass(frozen=True)
class Kind:
    key: str
    label: Any  # lazy translation
    message: Any  # lazy translation with %(name)s parameters


KINDS: dict[str, Kind] = {}


def register(key: str, *, label, message) -> Kind:
    KINDS[key] = Kind(key, label, message)
    return KINDS[key]


def language_of(user) -> str:
    pref = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return pref or settings.LANGUAGE_CODE


def render(notification: Notification, language: str | None = None) -> str:
    """The notification's text in ``language`` (default: the active one)."""
    kind = KINDS.get(notification.kind)
    if kind is None:
        return notification.kind
    with translation.override(language or translation.get_language()):
        try:
            return str(kind.message) % notification.params
        except (KeyError, TypeError, ValueError):
            return str(kind.label)


def _settings(users: list, kind: str) -> dict[int, NotificationSetting]:
    rows = NotificationSetting.objects.filter(user__in=users, kind=kind)
    return {row.user_id: row for row in rows}


def notify(
    *,
    kind: str,
    recipients: Iterable,
    event_key: str,
    url: str = "",
    params: dict[str, Any] | None = None,
    project_id: int | None = None,
) -> list[Notification]:
    """Notify each active recipient once for ``event_key``; queue the e-mails of the new ones after the commit.

    Returns the notifications created now (those that already existed for this event are not repeated)."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    users = [u for u in {u.pk: u for u in recipients if u is not None and u.is_active}.values()]
    choices = _settings(users, kind)
    wanted = [u for u in users if (c := choices.get(u.pk)) is None or c.in_portal or c.by_email]
    if not wanted:
        return []
    key = event_key[:200]
    # One read and one multi-row INSERT whatever the number of recipients (a submit notifies every PMO reviewer).
    already = set(
        Notification.objects.filter(event_key=key, recipient__in=wanted).values_list("recipient_id", flat=True)
    )
    now = timezone.now()
    rows = [
        Notification(
            recipient=user,
            kind=kind,
            event_key=key,
            url=url[:300],
            params=params or {},
            project_id=project_id,
            read_at=now if (c := choices.get(user.pk)) is not None and not c.in_portal else None,
        )
        for user in wanted
        if user.pk not in already
    ]
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(rows)
    except IntegrityError:  # the same event notified concurrently: one by one, each recipient at most once
        created = [n for n in (_create_once(row) for row in rows) if n is not None]
    by_pk = {u.pk: u for u in wanted}
    for notification in created:
        user, choice = by_pk[notification.recipient_id], choices.get(notification.recipient_id)
        if (choice is None or choice.by_email) and user.email:
            from core.tasks import send_notification_email

            transaction.on_commit(lambda pk=notification.pk: send_notification_email.delay(pk), robust=True)
    return created


def _create_once(row: Notification) -> Notification | None:
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return None
    return row


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def set_choices(*, user, choices: dict[str, tuple[bool, bool]], language: str | None = None) -> None:
    """Save a user's (in_portal, by_email) per kind, and their language."""
    with transaction.atomic():
        for kind, (in_portal, by_email) in choices.items():
            if kind in KINDS:
                NotificationSetting.objects.update_or_create(
                    user=user, kind=kind, defaults={"in_portal": in_portal, "by_email": by_email}
                )
        if language is not None:
            UserPreference.objects.update_or_create(user=user, defaults={"language": language})
