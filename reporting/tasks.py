"""Celery tasks of the reporting app: thin, JSON arguments, the work in ``reporting.services``.

``build_report`` acknowledges late and is rejected back to the queue if its worker dies (``acks_late``,
``reject_on_worker_lost``): the redelivered task takes the run over (a running run may be claimed again), reuses
a stored PDF whose checksum still matches, and sends only the deliveries not yet marked sent. Failures retry with
exponential backoff (``PMO_REPORT_RETRY_BASE`` seconds, doubled each time) and the last one is recorded.
"""

from __future__ import annotations

from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings

from reporting.services import pipeline, recovery, runs, schedules

MAX_RETRIES = runs.MAX_ATTEMPTS - 1


def _countdown(retries: int) -> int:
    base = int(getattr(settings, "PMO_REPORT_RETRY_BASE", 30))
    return min(base * (2**retries), 3600)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_RETRIES, ignore_result=True)
def build_report(self, run_id: int) -> str:
    final = self.request.retries >= self.max_retries
    try:
        return pipeline.execute(run_id, final=final)
    except pipeline.PermanentFailure:
        return "failed"
    except Exception as exc:
        if final:
            return "failed"
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_schedule(schedule_id: int) -> list[int]:
    """Beat's entry point: open the current slot of the schedule (idempotent) and queue its runs."""
    return schedules.open_slot(schedule_id=schedule_id)


@shared_task(ignore_result=True)
def recover_lost_runs() -> dict[str, list[int]]:
    """Beat's sweep (every 5 minutes): queue again the runs and schedule slots whose task was lost."""
    return recovery.recover()


@worker_process_init.connect
def _warm_chart_export(**kwargs) -> None:
    """Start the chart exporter's chromium when a worker process starts, not in the first report."""
    if not getattr(settings, "PMO_WARM_CHARTS", True):
        return
    try:
        from reporting.charts import svg

        svg.warm()
    except Exception:  # noqa: BLE001 - a report will try again and record the error
        import logging

        logging.getLogger(__name__).warning("could not start the chart exporter", exc_info=True)
