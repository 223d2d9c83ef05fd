"""Faults under real processes (issue 12, "nothing lost"): Redis restarted while report jobs are queued, and the
database unreachable while a worker runs them. Afterwards every requested report exists exactly once and every
scheduled e-mail was sent exactly once.

Real parts: a Celery worker process, a Redis server of the test's own (restarted with ``kill -9``; it keeps nothing on
disk, so its queue is lost), PostgreSQL reached through a TCP proxy the test cuts, WeasyPrint, e-mail written as
files. The lost work comes back through ``reporting.tasks.recover_lost_runs``, sent as beat sends it.
"""

from __future__ import annotations

import shutil
import time

import pytest
from celery import Celery
from django.db import connection

from reporting.models import ReportDelivery, ReportRun
from reporting.services import runs, schedules
from tests.reporting.data import demo_project
from tests.reporting.faults import DatabaseProxy, RedisServer, Worker, wait_for, worker_env

pytestmark = [
    pytest.mark.worker,
    pytest.mark.slow,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares the PostgreSQL test database"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server to run a Redis of its own"),
]


def _database_url(port: int | None = None) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    host, real_port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    return f"postgres://{auth}@{'127.0.0.1' if port else host}:{port or real_port}/{s['NAME']}"


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.kill()


@pytest.fixture
def producer(redis_server, monkeypatch, settings, tmp_path):
    """The portal's side (this process) sends its tasks to the test's Redis, as the web server would."""
    from reporting import tasks

    app = Celery(broker=redis_server.url)
    monkeypatch.setattr(
        tasks.build_report, "delay", lambda run_id: app.send_task("reporting.tasks.build_report", args=[run_id])
    )
    settings.PMO_REPORTS_DIR = str(tmp_path / "reports")
    yield app
    app.close()


@pytest.fixture
def work(transactional_db, pmo_user, pm_user, exec_user):
    """Two report requests and one schedule slot with two recipients (one run): three runs, two e-mails."""
    project = demo_project(pm=pm_user)
    schedule = schedules.create_schedule(
        actor=pmo_user, name="週次報告", kind="weekly_status", project=project, weekday=4, hour=18
    )
    schedules.add_recipient(actor=pmo_user, schedule=schedule, user=pm_user)
    schedules.add_recipient(actor=pmo_user, schedule=schedule, user=exec_user)

    def queue() -> list[int]:
        requested = [
            runs.request_run(actor=pm_user, kind="weekly_status", project=project).pk,
            runs.request_run(actor=exec_user, kind="weekly_status", project=project, language="en").pk,
        ]
        return requested + schedules.open_slot(schedule_id=schedule.pk)

    return {"queue": queue, "recipients": (pm_user, exec_user)}


def _all_done(run_ids: list[int]) -> bool:
    done = ReportRun.objects.filter(pk__in=run_ids, state="done").count() == len(run_ids)
    return done and not ReportDelivery.objects.filter(run_id__in=run_ids).exclude(state="sent").exists()


def _assert_exactly_once(run_ids: list[int], recipients, tmp_path) -> None:
    assert len(set(run_ids)) == 3 == ReportRun.objects.count()
    for run in ReportRun.objects.filter(pk__in=run_ids):
        assert run.state == "done" and run.file and run.checksum, (run.pk, run.state, run.error)
    files = sorted(p.name for p in (tmp_path / "reports").rglob("*.pdf"))
    assert len(files) == 3, files  # one stored PDF per requested report
    assert ReportDelivery.objects.filter(state="sent").count() == 2
    mail = "".join(p.read_text(errors="replace") for p in (tmp_path / "mail").glob("*"))
    for user in recipients:
        assert mail.count(f"To: {user.email}") == 1, user.email


def _sweep(producer: Celery) -> None:
    """What beat sends every five minutes."""
    producer.send_task("reporting.tasks.recover_lost_runs")


def test_a_redis_restart_loses_the_queue_and_the_sweep_builds_and_mails_everything_once(
    redis_server, producer, work, tmp_path
):
    run_ids = work["queue"]()
    assert redis_server.client().llen("celery") == 3  # three build tasks waiting for a worker

    redis_server.restart()  # no persistence: the queued tasks are gone
    assert redis_server.client().llen("celery") == 0

    worker = Worker(worker_env(database_url=_database_url(), redis_url=redis_server.url, tmp_path=tmp_path),
                    tmp_path / "worker.log")  # fmt: skip
    try:
        worker.wait_ready()
        time.sleep(3)
        assert set(ReportRun.objects.values_list("state", flat=True)) == {"queued"}  # nothing came back by itself

        _sweep(producer)
        assert wait_for(lambda: _all_done(run_ids), 180), worker.output()[-4000:]
        _sweep(producer)  # a later sweep finds nothing owed
        time.sleep(4)
    finally:
        worker.stop()
    assert "recover_lost_runs" in worker.output()
    _assert_exactly_once(run_ids, work["recipients"], tmp_path)
    assert sorted(ReportRun.objects.values_list("attempts", flat=True)) == [1, 1, 1]


def test_a_database_outage_while_runs_are_worked_on_ends_with_each_report_once(redis_server, producer, work, tmp_path):
    s = connection.settings_dict
    proxy = DatabaseProxy(s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432))
    worker = Worker(worker_env(database_url=_database_url(proxy.port), redis_url=redis_server.url,
                               tmp_path=tmp_path), tmp_path / "worker.log")  # fmt: skip
    try:
        worker.wait_ready()
        proxy.cut()  # the worker's database is gone: every claim fails and the task retries with back-off
        run_ids = work["queue"]()
        assert wait_for(lambda: worker.output().count("Retry in") >= 2, 60), worker.output()[-4000:]
        time.sleep(2)
        proxy.restore()

        # The retries finish the work; a task whose last retry came while the database was still down is left
        # queued, and the next sweep (beat's, every five minutes) sends it again.
        if not wait_for(lambda: _all_done(run_ids), 90):
            _sweep(producer)
            assert wait_for(lambda: _all_done(run_ids), 180), worker.output()[-4000:]
        _sweep(producer)  # as beat would, a few minutes later: nothing is owed, nothing is built or sent again
        time.sleep(4)
    finally:
        worker.stop()
        proxy.cut()
    _assert_exactly_once(run_ids, work["recipients"], tmp_path)
