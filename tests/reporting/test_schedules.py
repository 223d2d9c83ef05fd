"""Schedules and deliveries: the beat entry follows the schedule, each recipient gets a slot's report exactly once
(run twice, or after a worker died mid-run), only what they may see, in their language; an SMTP failure keeps the
PDF and a retry sends it."""

from __future__ import annotations

import datetime as dt
import socket
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django_celery_beat.models import PeriodicTask

from core import roles
from core.exceptions import NotAllowed, RuleError
from core.models import UserPreference
from reporting import storage
from reporting.models import ReportDelivery, ReportRun
from reporting.services import pipeline, runs, schedules
from tests.factories import ProjectFactory, user_with_role
from tests.reporting.data import demo_project

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
#: Wednesday: the Monday 08:00 slot of that week has passed, the Friday 18:00 slot is last week's.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def _reports_dir(settings, tmp_path):
    settings.PMO_REPORTS_DIR = str(tmp_path / "reports")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _run_slot(schedule, capture):
    with capture(execute=False):
        todo = schedules.open_slot(schedule_id=schedule.pk, now=NOW)
    for pk in todo:
        pipeline.execute(pk, final=True)
    return todo


def test_a_schedule_keeps_its_beat_entry_in_step(pmo_user):
    schedule = schedules.create_schedule(actor=pmo_user, name="QCD", kind="qcd", weekday=0, hour=8, minute=0)
    task = PeriodicTask.objects.get(pk=schedule.periodic_task_id)
    assert task.task == "reporting.tasks.run_schedule" and task.args == f"[{schedule.pk}]" and task.enabled
    assert (task.crontab.day_of_week, task.crontab.hour, task.crontab.minute) == ("1", "8", "0")
    assert str(task.crontab.timezone) == "Asia/Tokyo"
    schedules.update_schedule(
        actor=pmo_user,
        schedule=schedule,
        version=schedule.version,
        name="QCD",
        weekday=4,
        hour=18,
        minute=30,
        active=False,
    )
    task.refresh_from_db()
    assert (task.crontab.day_of_week, task.crontab.hour, task.crontab.minute, task.enabled) == ("5", "18", "30", False)


def test_only_the_pmo_edits_schedules(exec_user, pm_user):
    for user in (exec_user, pm_user):
        with pytest.raises(NotAllowed):
            schedules.create_schedule(actor=user, name="x", kind="qcd", weekday=0, hour=8)


def test_a_schedule_needs_a_valid_time(pmo_user):
    with pytest.raises(RuleError) as exc:
        schedules.create_schedule(actor=pmo_user, name="", kind="qcd", weekday=9, hour=24, minute=60)
    assert set(exc.value.errors) == {"name", "weekday", "hour", "minute"}


def test_slot_is_the_latest_scheduled_time(pmo_user):
    schedule = schedules.create_schedule(actor=pmo_user, name="QCD", kind="qcd", weekday=0, hour=8)
    assert schedules.slot_for(schedule, NOW) == dt.datetime(2026, 11, 23, 8, 0, tzinfo=TOKYO)
    friday = schedules.create_schedule(actor=pmo_user, name="W", kind="qcd", weekday=4, hour=18)
    assert schedules.slot_for(friday, NOW) == dt.datetime(2026, 11, 20, 18, 0, tzinfo=TOKYO)


def test_plain_addresses_only_get_one_projects_weekly_status(pmo_user, pm_user):
    qcd = schedules.create_schedule(actor=pmo_user, name="QCD", kind="qcd", weekday=0, hour=8)
    with pytest.raises(RuleError) as exc:
        schedules.add_recipient(actor=pmo_user, schedule=qcd, email="board@example.co.jp")
    assert list(exc.value.errors) == ["email"]
    secret = ProjectFactory(pm=pm_user, confidential=True)
    weekly = schedules.create_schedule(
        actor=pmo_user, name="W", kind="weekly_status", project=secret, weekday=4, hour=18
    )
    with pytest.raises(RuleError) as exc:
        schedules.add_recipient(actor=pmo_user, schedule=weekly, email="list@example.co.jp")
    assert list(exc.value.errors) == ["email"]


def test_a_user_who_may_not_see_the_project_is_refused(pmo_user, pm_user, other_pm):
    secret = ProjectFactory(pm=pm_user, confidential=True)
    weekly = schedules.create_schedule(
        actor=pmo_user, name="W", kind="weekly_status", project=secret, weekday=4, hour=18
    )
    with pytest.raises(RuleError) as exc:
        schedules.add_recipient(actor=pmo_user, schedule=weekly, user=other_pm)
    assert list(exc.value.errors) == ["user"]


def test_each_recipient_gets_the_slot_once_in_their_language(
    pmo_user, pm_user, exec_user, django_capture_on_commit_callbacks
):
    project = demo_project(pm=pm_user)
    stakeholder = user_with_role(roles.STAKEHOLDER, "stake_a")
    stakeholder.email = "stake.a@example.co.jp"
    stakeholder.save()
    UserPreference.objects.create(user=exec_user, language="en")
    weekly = schedules.create_schedule(
        actor=pmo_user, name="週次報告", kind="weekly_status", project=project, weekday=4, hour=18
    )
    schedules.add_recipient(actor=pmo_user, schedule=weekly, user=pm_user)
    schedules.add_recipient(actor=pmo_user, schedule=weekly, user=exec_user)
    schedules.add_recipient(actor=pmo_user, schedule=weekly, user=stakeholder)
    schedules.add_recipient(actor=pmo_user, schedule=weekly, email="Customer@Example.co.jp", language="ja")

    _run_slot(weekly, django_capture_on_commit_callbacks)
    _run_slot(weekly, django_capture_on_commit_callbacks)  # the same slot again: nothing new

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([pm_user.email, exec_user.email, "stake.a@example.co.jp", "customer@example.co.jp"])
    assert all(m.attachments and m.attachments[0][2] == "application/pdf" for m in mail.outbox)
    slot_runs = ReportRun.objects.filter(schedule=weekly)
    assert {r.language for r in slot_runs} == {"ja", "en"}  # one build per language, shared by its recipients
    assert ReportDelivery.objects.filter(schedule=weekly, state="sent").count() == 4
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert len(ids) == 4


def test_a_confidential_project_never_reaches_a_recipient_outside_it(
    pmo_user, pm_user, exec_user, other_pm, django_capture_on_commit_callbacks
):
    open_project = demo_project(pm=pm_user)
    secret = demo_project(code="PRJ-2026-199", name="極秘案件", pm=other_pm, confidential=True)
    qcd = schedules.create_schedule(actor=pmo_user, name="QCD", kind="qcd", weekday=0, hour=8)
    schedules.add_recipient(actor=pmo_user, schedule=qcd, user=exec_user)
    schedules.add_recipient(actor=pmo_user, schedule=qcd, user=pm_user)
    _run_slot(qcd, django_capture_on_commit_callbacks)

    by_address = {}
    for delivery in ReportDelivery.objects.filter(schedule=qcd).select_related("run"):
        by_address[delivery.address] = set(delivery.run.scope_project_ids)
    assert by_address[exec_user.email] == {open_project.pk, secret.pk}
    assert by_address[pm_user.email] == {open_project.pk}
    assert len(mail.outbox) == 2
    # A weekly schedule of a project a recipient lost access to: recorded as skipped, nothing sent.
    weekly = schedules.create_schedule(
        actor=pmo_user, name="W", kind="weekly_status", project=open_project, weekday=4, hour=18
    )
    schedules.add_recipient(actor=pmo_user, schedule=weekly, email="list@example.co.jp")
    open_project.confidential = True
    open_project.save()
    mail.outbox.clear()
    _run_slot(weekly, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert ReportDelivery.objects.get(schedule=weekly).state == "skipped"


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_smtp_failure_keeps_the_pdf_and_a_retry_sends_it(
    settings, pmo_user, pm_user, django_capture_on_commit_callbacks
):
    project = demo_project(pm=pm_user)
    weekly = schedules.create_schedule(
        actor=pmo_user, name="W", kind="weekly_status", project=project, weekday=4, hour=18
    )
    schedules.add_recipient(actor=pmo_user, schedule=weekly, user=pm_user)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _unused_port(), 5
    with django_capture_on_commit_callbacks(execute=False):
        (run_id,) = schedules.open_slot(schedule_id=weekly.pk, now=NOW)
    with pytest.raises(Exception):  # noqa: B017 - whatever the SMTP library raises for a refused connection
        pipeline.execute(run_id, final=True)
    run = ReportRun.objects.get(pk=run_id)
    assert run.state == "failed" and "ConnectionRefused" in run.error
    assert run.file and storage.intact(run.file, run.checksum)  # the PDF is kept
    delivery = ReportDelivery.objects.get(run=run)
    assert delivery.state == "failed" and delivery.error
    built_file, built_sum = run.file, run.checksum

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        runs.retry(actor=pmo_user, run=run)
    assert len(callbacks) == 1
    assert pipeline.execute(run_id, final=True) == "done"
    run.refresh_from_db()
    assert (run.state, run.file, run.checksum) == ("done", built_file, built_sum)  # not rebuilt
    assert [m.to for m in mail.outbox] == [[pm_user.email]]


def test_a_worker_killed_mid_run_finishes_the_run_once(
    pmo_user, pm_user, exec_user, django_capture_on_commit_callbacks
):
    project = demo_project(pm=pm_user)
    weekly = schedules.create_schedule(
        actor=pmo_user, name="W", kind="weekly_status", project=project, weekday=4, hour=18
    )
    schedules.add_recipient(actor=pmo_user, schedule=weekly, user=pm_user)
    schedules.add_recipient(actor=pmo_user, schedule=weekly, user=exec_user)
    with django_capture_on_commit_callbacks(execute=False):
        (run_id,) = schedules.open_slot(schedule_id=weekly.pk, now=NOW)
    # A worker claims the run and dies while building (nothing stored, nothing sent).
    runs.claim(run_id)
    # It comes back (late ack: the broker redelivers) and also dies after one e-mail went out.
    run = runs.claim(run_id)
    from reporting.pdf import build_pdf
    from reporting.services import deliveries

    built = build_pdf(run)
    runs.store_file(run_id, data=built.data, pages=built.pages)
    first = ReportDelivery.objects.filter(run_id=run_id).order_by("pk").first()
    connection = mail.get_connection()
    deliveries._send_one(first.pk, ReportRun.objects.get(pk=run_id), built.data, connection)
    assert len(mail.outbox) == 1
    # The third delivery of the task finishes the run: the other recipient gets it, nobody twice.
    assert pipeline.execute(run_id, final=True) == "done"
    assert pipeline.execute(run_id, final=True) == "skipped"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([pm_user.email, exec_user.email])
    assert ReportRun.objects.get(pk=run_id).attempts == 3
