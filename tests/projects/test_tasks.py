"""The Celery tasks as production uses them: JSON arguments, retries only for what may pass, the nightly beat entry.

Tasks run eagerly here (``.apply()``: in this process, on the test database); the real worker is in test_worker.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError

from pmo_portal.celery import app
from projects import tasks
from projects.models import Baseline, Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

MISSING_ID = 987_654_321


@pytest.fixture
def retries(monkeypatch):
    """Every ``Task.retry`` call of the two tasks, as (task name, exception)."""
    calls: list[tuple[str, BaseException | None]] = []
    for task in (tasks.refresh_project_snapshot, tasks.refresh_all_snapshots):
        original = task.retry

        def spy(*args, _original=original, _name=task.name, **kwargs):
            calls.append((_name, kwargs.get("exc")))
            return _original(*args, **kwargs)

        monkeypatch.setattr(task, "retry", spy)
    return calls


@pytest.fixture
def failing_refresh(monkeypatch):
    """Make the snapshot service raise ``error`` (set by the test); returns the list of projects it was called for."""
    state = {"error": None, "calls": []}

    def refresh(*, project):
        state["calls"].append(project.pk)
        if state["error"] is not None and (state.get("only") in (None, project.pk)):
            raise state["error"]

    monkeypatch.setattr(tasks.services, "refresh_project_snapshot", refresh)
    return state


def test_missing_project_ends_successfully_without_retry(retries, caplog, django_assert_num_queries):
    with caplog.at_level(logging.WARNING, logger="projects.tasks"), django_assert_num_queries(1):
        result = tasks.refresh_project_snapshot.apply(args=[MISSING_ID])
    assert result.state == "SUCCESS", result.traceback
    assert result.result is None
    assert retries == []
    assert str(MISSING_ID) in caplog.text and "does not exist" in caplog.text


def test_existing_project_is_refreshed_and_its_code_returned(retries):
    project = ProjectFactory(code="PRJ-2026-900")
    Project.objects.filter(pk=project.pk).update(max_slip_days=99)  # a stale cached figure
    result = tasks.refresh_project_snapshot.apply(args=[project.pk])
    assert result.state == "SUCCESS", result.traceback
    assert result.result == "PRJ-2026-900"
    assert Project.objects.get(pk=project.pk).max_slip_days == 0
    assert retries == []


def test_transient_database_error_is_retried_with_backoff(retries, failing_refresh):
    project = ProjectFactory()
    failing_refresh["error"] = OperationalError("the database system is starting up")
    result = tasks.refresh_project_snapshot.apply(args=[project.pk])
    # First run, then max_retries (3) retries, then the error is the task's result.
    assert failing_refresh["calls"] == [project.pk] * 4
    assert [type(exc) for _name, exc in retries] == [OperationalError] * 4
    assert result.state == "FAILURE"
    assert isinstance(result.result, OperationalError)
    task = tasks.refresh_project_snapshot
    assert task.retry_backoff and task.retry_jitter and task.max_retries == 3


@pytest.mark.parametrize(
    "error",
    [Baseline.DoesNotExist("no baseline"), ValueError("bad"), TypeError("bad")],
    ids=["does-not-exist", "value-error", "type-error"],
)
def test_errors_that_would_fail_again_are_not_retried(retries, failing_refresh, error):
    project = ProjectFactory()
    failing_refresh["error"] = error
    result = tasks.refresh_project_snapshot.apply(args=[project.pk])
    assert failing_refresh["calls"] == [project.pk]
    assert retries == []
    assert result.state == "FAILURE"


def test_arguments_are_json():
    """What `.delay(id)` puts on the broker survives the JSON serializer (the only one accepted)."""
    assert app.conf.task_serializer == "json" and app.conf.accept_content == ["json"]
    signature = tasks.refresh_project_snapshot.s(42)
    assert json.loads(json.dumps(signature))["args"] == [42]


def test_refresh_all_goes_on_past_a_broken_project(retries, failing_refresh):
    first, broken, last = ProjectFactory(), ProjectFactory(), ProjectFactory()
    failing_refresh.update(error=ValueError("a bug in one project's data"), only=broken.pk)
    result = tasks.refresh_all_snapshots.apply()
    assert result.state == "SUCCESS", result.traceback
    assert result.result == {"refreshed": 2, "failed": 1}
    assert sorted(failing_refresh["calls"]) == sorted([first.pk, broken.pk, last.pk])
    assert retries == []


def test_refresh_all_is_retried_when_the_database_goes_away(retries, failing_refresh):
    ProjectFactory()
    failing_refresh["error"] = OperationalError("server closed the connection unexpectedly")
    result = tasks.refresh_all_snapshots.apply()
    assert result.state == "FAILURE"
    assert len(retries) == 4 and {name for name, _exc in retries} == {tasks.refresh_all_snapshots.name}


def test_nightly_refresh_is_scheduled_at_0230_tokyo(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-all-snapshots-nightly"]
    assert entry["task"] == tasks.refresh_all_snapshots.name
    assert entry["task"] in app.tasks
    schedule = entry["schedule"]
    assert schedule.hour == {2} and schedule.minute == {30}
    assert schedule.day_of_week == set(range(7))
    assert schedule.tz == ZoneInfo("Asia/Tokyo")
    # Due at 02:30 Tokyo, i.e. 17:30 UTC the day before, whatever the portal's TIME_ZONE.
    last_run = dt.datetime(2026, 11, 24, 2, 30, tzinfo=ZoneInfo("Asia/Tokyo"))
    remaining = schedule.remaining_estimate(last_run)
    next_run = (dt.datetime.now(ZoneInfo("Asia/Tokyo")) + remaining).astimezone(ZoneInfo("Asia/Tokyo"))
    assert (next_run.hour, next_run.minute) == (2, 30)


def test_database_scheduler_syncs_the_nightly_entry(monkeypatch):
    """django_celery_beat's DatabaseScheduler (what beat runs) writes the entry into its tables at start."""
    from django_celery_beat import schedulers
    from django_celery_beat.models import PeriodicTask

    # Beat closes "old" connections between ticks; here that would be the test's own transaction.
    monkeypatch.setattr(schedulers, "close_old_connections", lambda: None)
    schedulers.DatabaseScheduler(app=app)
    task = PeriodicTask.objects.select_related("crontab").get(name="refresh-all-snapshots-nightly")
    assert task.task == "projects.tasks.refresh_all_snapshots"
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "2", "*")
    assert str(task.crontab.timezone) == "Asia/Tokyo"
    assert task.expire_seconds == 6 * 60 * 60
