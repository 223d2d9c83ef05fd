"""A real Celery worker runs the schedule: every recipient receives the slot's PDF exactly once, also when the beat
entry fires twice."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from pmo_portal.celery import app
from reporting import tasks
from reporting.models import ReportDelivery, ReportRun
from reporting.services import schedules
from tests.reporting.data import demo_project


def _wait_for(predicate, timeout=90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def celery_worker(transactional_db, settings, tmp_path):
    settings.PMO_REPORTS_DIR = str(tmp_path / "reports")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


@pytest.mark.worker
def test_a_scheduled_run_emails_each_recipient_once_even_when_fired_twice(celery_worker, pmo_user, pm_user, exec_user):
    project = demo_project(pm=pm_user)
    schedule = schedules.create_schedule(
        actor=pmo_user, name="週次報告", kind="weekly_status", project=project, weekday=4, hour=18
    )
    schedules.add_recipient(actor=pmo_user, schedule=schedule, user=pm_user)
    schedules.add_recipient(actor=pmo_user, schedule=schedule, user=exec_user)
    schedules.add_recipient(actor=pmo_user, schedule=schedule, email="customer@example.co.jp", language="ja")

    tasks.run_schedule.delay(schedule.pk)
    tasks.run_schedule.delay(schedule.pk)  # beat fired twice in the same slot

    def settled():
        return ReportDelivery.objects.filter(schedule=schedule, state="sent").count() == 3 and all(
            r.state == "done" for r in ReportRun.objects.filter(schedule=schedule)
        )

    assert _wait_for(settled), list(ReportRun.objects.values("state", "error"))
    time.sleep(1.0)  # anything still in flight would show now
    addresses = sorted(a for m in mail.outbox for a in m.to)
    assert addresses == sorted([pm_user.email, exec_user.email, "customer@example.co.jp"])
    run = ReportRun.objects.filter(schedule=schedule).first()
    assert run.file and run.checksum and run.pages >= 2
