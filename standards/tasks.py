"""Celery tasks of the standards app (thin: they call a service)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="standards.tasks.ensure_weekly_runs")
def ensure_weekly_runs_task() -> int:
    """Daily: create this week's run of each weekly checklist of every active project (idempotent)."""
    from standards.services.runs import ensure_weekly_runs

    return ensure_weekly_runs()
