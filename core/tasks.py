"""Celery tasks of the core app: thin, JSON arguments only."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import Notification

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_notification_email(self, notification_id: int) -> str:
    """E-mail one notification in its recipient's language, once (``emailed_at`` is set on the locked row in the same
    transaction; a retry or a duplicate task finds it set and sends nothing). SMTP errors (OSError) are retried."""
    from core import notifications

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update().select_related("recipient").filter(pk=notification_id).first()
        )
        if notification is None:
            logger.warning("notification %s no longer exists: nothing to send", notification_id)
            return "missing"
        if notification.emailed_at is not None:
            return "already sent"
        user = notification.recipient
        language = notifications.language_of(user)
        text = notifications.render(notification, language)
        with translation.override(language):
            subject = _("[PMO Portal] %(text)s") % {"text": text[:120]}
            link = f"{settings.PMO_BASE_URL.rstrip('/')}{notification.url}" if notification.url else ""
            body = f"{text}\n\n{link}\n\n" + _(
                "You can choose which notifications you get by e-mail in the notification settings of the portal."
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return "sent"
