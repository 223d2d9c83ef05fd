"""Celery tasks of the projects app: thin wrappers over services, JSON arguments only (ids, never instances).

Retries: a task is retried (with exponential backoff and jitter) when something that may pass fails, e.g. the
database is restarting (``OperationalError``). A project that does not exist (any more) is no such thing: the
task logs it and ends successfully; retrying could never find it. Nor is a malformed argument.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist
from django.db import InterfaceError, OperationalError

from projects import services
from projects.models import Project

logger = logging.getLogger(__name__)

#: Shared by the tasks: retry what may pass, with backoff (1 s, 2 s, 4 s… at most 5 min, jittered).
RETRY = {
    "autoretry_for": (Exception,),
    "dont_autoretry_for": (ObjectDoesNotExist, TypeError, ValueError),  # would fail the same way again
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
}


def _refresh(project_id: int) -> str | None:
    """Refresh one project's cached figures; its code, or None when there is no such project."""
    try:
        project = Project.objects.select_related("baseline").get(pk=project_id)
    except Project.DoesNotExist:
        logger.warning("refresh_project_snapshot: project %s does not exist (deleted meanwhile?); skipped", project_id)
        return None
    services.refresh_project_snapshot(project=project)
    return project.code


@shared_task(bind=True, **RETRY)
def refresh_project_snapshot(self, project_id: int) -> str | None:
    """Rewrite the cached latest figures of project ``project_id`` (queued after the writes that change them)."""
    return _refresh(int(project_id))


@shared_task(bind=True, **RETRY)
def refresh_all_snapshots(self) -> dict[str, int]:
    """The nightly pass over every project (see CELERY_BEAT_SCHEDULE in the settings).

    One project's failure does not stop the others: it is logged and counted. A lost database connection stops
    the run, which is then retried as a whole (refreshing is idempotent).
    """
    refreshed = failed = 0
    for project_id in list(Project.objects.order_by("pk").values_list("pk", flat=True)):
        try:
            if _refresh(project_id) is not None:
                refreshed += 1
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            failed += 1
            logger.exception("refresh_all_snapshots: project %s could not be refreshed", project_id)
    return {"refreshed": refreshed, "failed": failed}


@shared_task(bind=True, **RETRY)
def remind_missing_reports(self) -> int:
    """After the weekly deadline, one reminder per project and week to the PM of each missing report (beat runs it
    hourly; running it twice sends nothing twice)."""
    from projects import notifications

    return notifications.remind_missing_reports()


@shared_task(bind=True, **RETRY)
def raise_early_warnings(self) -> dict[str, int]:
    """The daily early warnings and their digest (beat runs it every morning; running it twice on a day raises and
    e-mails nothing twice)."""
    from projects.services.warnings import raise_warnings

    return raise_warnings()
