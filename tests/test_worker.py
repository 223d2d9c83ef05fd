"""A real Celery worker consumes a task from the real broker and changes the database."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from pmo_portal.celery import app
from projects import services, tasks
from projects.models import Project
from tests.factories import ProjectFactory


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def celery_worker(transactional_db):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as worker:
        yield worker


@pytest.mark.worker
def test_worker_runs_task_and_healthz_is_green(celery_worker, client, pm_user):
    project = ProjectFactory(pm=pm_user)
    services.create_status_report(
        actor=pm_user,
        project=project,
        week="2026-W47",
        data={
            "overall_rag": "amber",
            "schedule_rag": "amber",
            "cost_rag": "green",
            "quality_rag": "green",
            "scope_rag": "green",
            "percent_complete": 42,
            "summary": "順調",
        },
    )
    # Wipe the cached figures, then let the worker rebuild them.
    Project.objects.filter(pk=project.pk).update(percent_complete=0, overall_rag="", last_report_week="")

    tasks.refresh_project_snapshot.delay(project.pk)

    assert _wait_for(lambda: Project.objects.get(pk=project.pk).last_report_week == "2026-W47")
    project.refresh_from_db()
    assert project.percent_complete == 42
    assert project.overall_rag == "amber"

    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"]["ok"] is True
