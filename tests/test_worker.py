"""A real Celery worker consumes a task from the real broker and changes the database."""

import time
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from pmo_portal.celery import app
from projects import imports, services, tasks
from projects.models import Milestone, Project
from projects.services import imports as import_services
from projects.services.status import ReportContent
from tests.factories import OrgUnitFactory, ProjectFactory


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
        content=ReportContent(
            overall_rag="amber",
            schedule_rag="amber",
            cost_rag="green",
            quality_rag="green",
            scope_rag="green",
            percent_complete=Decimal(42),
            summary="順調",
        ),
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


def _sheet(kind: str, rows: list[list[str]]) -> imports.Sheet:
    return imports.sheet_from_grid(kind, "worker.csv", list(enumerate(rows, start=1)))


@pytest.mark.worker
def test_milestone_import_refreshes_the_snapshot_through_the_worker_after_commit(celery_worker, pmo_user, pm_user):
    project = ProjectFactory(code="PRJ-W-001", pm=pm_user)
    sheet = _sheet(
        "milestones",
        [["project", "name", "baseline_date"], ["PRJ-W-001", "Go-live", "2030-06-30"]],
    )
    with transaction.atomic():
        outcome = import_services.run_import(actor=pmo_user, sheet=sheet)
        assert outcome.ok, outcome.validation.errors
        # The service refreshed the snapshot in the request: wipe it before the commit, so that only a task run on
        # the committed data restores it. A task sent before the commit would read the project without its new
        # milestone (and block on this row until the commit), leaving the name blank: give it time to show.
        Project.objects.filter(pk=project.pk).update(next_milestone_name="", next_milestone_date=None)
        time.sleep(1)
        assert Project.objects.get(pk=project.pk).next_milestone_name == ""

    assert _wait_for(lambda: Project.objects.get(pk=project.pk).next_milestone_name == "Go-live")
    project.refresh_from_db()
    assert project.next_milestone_date == Milestone.objects.get(project=project).baseline_date


@pytest.mark.worker
def test_project_import_refreshes_each_created_project_through_the_worker(celery_worker, pmo_user, pm_user):
    OrgUnitFactory(code="DIV-W")
    header = ["code", "name", "org_unit", "pm", "planned_start", "planned_end", "bac"]
    sheet = _sheet(
        "projects",
        [
            header,
            ["PRJ-W-101", "One", "DIV-W", "bob_pm", "2026-04-01", "2026-09-30", "1000"],
            ["PRJ-W-102", "Two", "DIV-W", "bob_pm", "2026-04-01", "2026-09-30", "2000"],
        ],
    )
    with transaction.atomic():
        outcome = import_services.run_import(actor=pmo_user, sheet=sheet)
        assert outcome.ok, outcome.validation.errors
        # Figures no refresh would produce (no reports, no milestones): only the queued tasks clear them.
        Project.objects.filter(code__startswith="PRJ-W-").update(overall_rag="red", max_slip_days=99)

    assert _wait_for(
        lambda: not Project.objects.filter(code__startswith="PRJ-W-").exclude(overall_rag="", max_slip_days=0).exists()
    )
    assert Project.objects.filter(code__startswith="PRJ-W-").count() == 2
