"""A worker killed in the middle of a scheduled run (late acknowledgement): the run is redelivered to the next worker,
finishes once, and each recipient receives the slot's report exactly once.

Real processes: a Celery worker (``celery -A pmo_portal worker``) on the test database and the real Redis broker, in
a broker namespace of its own (``tests/reporting/worker_settings.py``); it is SIGKILLed while the run is building.
Needs Redis (skipped on the in-memory broker, which one process cannot share with another).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from reporting.models import ReportDelivery, ReportRun
from reporting.services import schedules
from tests.reporting.data import demo_project

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    def __init__(self, env, log: Path):
        celery = Path(sys.executable).with_name("celery")
        self.log = log.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603 - our own worker
            [
                str(celery),
                "-A",
                "pmo_portal",
                "worker",
                "-P",
                "solo",
                "-c",
                "1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.mark.worker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs the Redis broker shared by two processes")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker process needs the PostgreSQL test database")
def test_a_worker_killed_mid_run_leads_to_one_finished_run_and_one_email_each(
    transactional_db, tmp_path, monkeypatch, pmo_user, pm_user, exec_user
):
    prefix = f"pmo-reporting-test-{uuid.uuid4().hex[:8]}:"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reporting.worker_settings",
        "DATABASE_URL": _database_url(),
        "PMO_TEST_MAIL_DIR": str(tmp_path / "mail"),
        "PMO_REPORTS_DIR": str(tmp_path / "reports"),
        "PMO_TEST_BROKER_PREFIX": prefix,
        "PYTHONPATH": str(ROOT),
    }
    settings.PMO_REPORTS_DIR = env["PMO_REPORTS_DIR"]
    producer = Celery(broker=settings.CELERY_BROKER_URL)
    producer.conf.broker_transport_options = {"global_keyprefix": prefix}
    from reporting import tasks

    monkeypatch.setattr(
        tasks.build_report, "delay", lambda run_id: producer.send_task("reporting.tasks.build_report", args=[run_id])
    )

    project = demo_project(pm=pm_user)
    schedule = schedules.create_schedule(
        actor=pmo_user, name="週次報告", kind="weekly_status", project=project, weekday=4, hour=18
    )
    schedules.add_recipient(actor=pmo_user, schedule=schedule, user=pm_user)
    schedules.add_recipient(actor=pmo_user, schedule=schedule, user=exec_user)
    (run_id,) = schedules.open_slot(schedule_id=schedule.pk)  # committed: the task is sent now

    first = Worker(env, tmp_path / "worker1.log")
    try:
        assert _wait_for(lambda: ReportRun.objects.get(pk=run_id).state == "running", 90), (
            tmp_path / "worker1.log"
        ).read_text()[-2000:]
        first.kill()  # mid-run: the PDF is being built (the chart exporter alone takes seconds to start)
    finally:
        first.stop()
    run = ReportRun.objects.get(pk=run_id)
    assert run.state == "running" and not ReportDelivery.objects.filter(run=run, state="sent").exists()

    second = Worker(env, tmp_path / "worker2.log")
    try:
        done = _wait_for(
            lambda: (
                ReportRun.objects.get(pk=run_id).state == "done"
                and ReportDelivery.objects.filter(run_id=run_id, state="sent").count() == 2
            ),
            150,
        )
        assert done, (tmp_path / "worker2.log").read_text()[-3000:]
        time.sleep(4)  # a duplicate redelivery, if any, would run now
    finally:
        second.stop()

    run = ReportRun.objects.get(pk=run_id)
    assert run.state == "done" and run.attempts == 2 and run.file
    sent = "".join(p.read_text(errors="replace") for p in (tmp_path / "mail").glob("*"))
    for user in (pm_user, exec_user):
        assert sent.count(f"To: {user.email}") == 1, user.email
