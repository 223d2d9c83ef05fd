"""E-mailing a built report to a schedule slot's recipients, each exactly once.

A ``ReportDelivery`` row exists per (schedule, slot, recipient) under a unique constraint. Sending locks the row
(``SELECT … FOR UPDATE SKIP LOCKED``: a second worker on the same run skips it), sends, and marks it sent in the same
transaction; a sent row is never sent again. An SMTP failure marks the row failed with the error and raises
``DeliveryFailed`` after trying the others, so the run is retried later while the built PDF is kept. Each message
carries a Message-ID fixed per delivery, so even the narrow case of a worker killed between the SMTP server's
acceptance and the commit produces a duplicate the receiving server can recognise.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reporting import storage
from reporting.models import DeliveryState, ReportDelivery, ReportKind, ReportRun

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """At least one recipient could not be reached; the rows say which and why."""


def _subject(run: ReportRun) -> str:
    if run.kind == ReportKind.WEEKLY_STATUS:
        return _("[PMO Portal] Weekly status report %(code)s %(name)s (%(date)s)") % {
            "code": run.project.code,
            "name": run.project.name,
            "date": f"{run.as_of:%Y-%m-%d}",
        }
    scope = run.org_unit.name if run.org_unit_id else _("Whole portfolio")
    return _("[PMO Portal] QCD report %(scope)s (%(date)s)") % {"scope": scope, "date": f"{run.as_of:%Y-%m-%d}"}


def _body(run: ReportRun) -> str:
    return _(
        "Please find attached the report “%(schedule)s” as of %(date)s.\n\n"
        "It was built by the PMO Portal and sent according to the schedule set by the PMO.\n%(url)s\n"
    ) % {
        "schedule": run.schedule.name if run.schedule_id else "",
        "date": f"{run.as_of:%Y-%m-%d}",
        "url": settings.PMO_BASE_URL.rstrip("/") + "/reports/",
    }


def message_for(delivery: ReportDelivery, run: ReportRun, pdf: bytes) -> EmailMessage:
    with translation.override(run.language or settings.LANGUAGE_CODE):
        message = EmailMessage(
            subject=_subject(run),
            body=_body(run),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.address],
            headers={"Message-ID": delivery.message_id},
        )
    message.attach(run.filename(), pdf, "application/pdf")
    return message


def pending(run_id: int) -> list[int]:
    return list(
        ReportDelivery.objects.filter(run_id=run_id, state__in=[DeliveryState.PENDING, DeliveryState.FAILED])
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send_for_run(run_id: int) -> int:
    """Send every delivery of the run still owed; returns how many were sent now."""
    ids = pending(run_id)
    if not ids:
        return 0
    run = ReportRun.objects.select_related("project", "org_unit", "schedule").get(pk=run_id)
    pdf = storage.read(run.file)
    sent, errors = 0, []
    connection = get_connection(fail_silently=False)
    try:
        for pk in ids:
            try:
                if _send_one(pk, run, pdf, connection):
                    sent += 1
            except Exception as exc:  # noqa: BLE001 - recorded on the row, raised once below
                errors.append(f"{exc.__class__.__name__}: {exc}")
                _record_failure(pk, exc)
    finally:
        try:
            connection.close()
        except Exception:  # noqa: BLE001 - a refused connection has nothing to close
            logger.debug("closing the mail connection failed", exc_info=True)
    if errors:
        raise DeliveryFailed(_("The e-mail could not be sent: %(error)s") % {"error": errors[0]})
    return sent


@transaction.atomic
def _send_one(pk: int, run: ReportRun, pdf: bytes, connection) -> bool:
    delivery = ReportDelivery.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
    if delivery is None or delivery.state in (DeliveryState.SENT, DeliveryState.SKIPPED):
        return False
    message = message_for(delivery, run, pdf)
    message.connection = connection
    message.send()
    delivery.state = DeliveryState.SENT
    delivery.sent_at = timezone.now()
    delivery.attempts += 1
    delivery.error = ""
    delivery.save(update_fields=["state", "sent_at", "attempts", "error"])
    return True


@transaction.atomic
def _record_failure(pk: int, exc: Exception) -> None:
    delivery = ReportDelivery.objects.select_for_update().get(pk=pk)
    if delivery.state == DeliveryState.SENT:
        return
    delivery.state = DeliveryState.FAILED
    delivery.attempts += 1
    delivery.error = f"{exc.__class__.__name__}: {exc}"[:2000]
    delivery.save(update_fields=["state", "attempts", "error"])
