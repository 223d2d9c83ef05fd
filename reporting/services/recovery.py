"""Recovery of report work whose task was lost: the database, not the broker, says what is owed.

A task can vanish without a trace: Redis restarted without persistence while jobs were queued (the queue and the
unacknowledged messages with it), a worker killed after the broker forgot its message, the database unreachable
through a task's last retry, beat down at a schedule's time. ``recover`` runs from beat every few minutes and
queues again

* every run still ``queued`` or ``running`` whose state has not changed for ``PMO_REPORT_STALE_AFTER`` seconds
  (longer than any retry's back-off and any build), and every ``done`` run still owing an e-mail as long;
* the current slot of every active schedule that has no delivery at all yet, when the slot is less than
  ``PMO_SCHEDULE_GRACE`` seconds old and the schedule existed at that time (a lost ``run_schedule`` message).

Queuing twice is safe, which is what makes this sweep possible: a run is claimed on its locked row, a stored PDF
whose checksum matches is reused, each delivery is sent under its own row lock and marked sent in the same
transaction, and a slot is opened once (``open_slot`` is idempotent). So every requested report exists once and
every scheduled e-mail is sent once, however many copies of a task arrive.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from reporting.models import DeliveryState, ReportDelivery, ReportRun, ReportSchedule, RunState
from reporting.services import schedules

logger = logging.getLogger(__name__)

#: At most this many runs are queued again by one sweep (the next sweep takes the rest).
BATCH = 500


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "PMO_REPORT_STALE_AFTER", 15 * 60)))


def schedule_grace() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "PMO_SCHEDULE_GRACE", 6 * 60 * 60)))


def stalled_runs(*, now: dt.datetime) -> list[int]:
    """Runs whose task looks lost: unchanged for ``stale_after()`` while queued, running, or done owing e-mail."""
    owed = ReportDelivery.objects.filter(run=OuterRef("pk"), state=DeliveryState.PENDING)
    return list(
        ReportRun.objects.annotate(changed=Coalesce("state_changed_at", "requested_at"), owes=Exists(owed))
        .filter(changed__lt=now - stale_after())
        .filter(Q(state__in=[RunState.QUEUED, RunState.RUNNING]) | Q(state=RunState.DONE, owes=True))
        .order_by("changed", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )


def missed_slots(*, now: dt.datetime) -> list[int]:
    """Active schedules whose current slot was never opened (no delivery at all), within the grace period."""
    missed = []
    for schedule in ReportSchedule.objects.filter(active=True).order_by("pk"):
        slot = schedules.slot_for(schedule, now)
        if slot < schedule.created_at or slot < now - schedule_grace():
            continue
        if not ReportDelivery.objects.filter(schedule=schedule, slot=slot).exists():
            missed.append(schedule.pk)
    return missed


def recover(*, now: dt.datetime | None = None) -> dict[str, list[int]]:
    """Queue again what a lost task left undone; returns ``{"runs": [...], "schedules": [...]}``."""
    from reporting import tasks

    now = now or timezone.now()
    opened: list[int] = []
    for schedule_id in missed_slots(now=now):
        opened.append(schedule_id)
        schedules.open_slot(schedule_id=schedule_id, now=now)  # queues its runs after its own commit
    run_ids = stalled_runs(now=now)
    for pk in run_ids:
        # Marked as handed over now, so the next sweep waits a full period before queuing it once more.
        ReportRun.objects.filter(pk=pk).update(state_changed_at=now)
        transaction.on_commit(lambda pk=pk: tasks.build_report.delay(pk))
    if run_ids or opened:
        logger.warning("report recovery: queued runs %s again, opened the missed slots of schedules %s", run_ids,
                       opened)  # fmt: skip
    return {"runs": run_ids, "schedules": opened}
