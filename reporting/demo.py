"""The reporting share of ``seed_demo`` (``projects.extensions.register_demo``, order 30), built through the
services: the QCD report every Monday 08:00 to the executives, and each PM's weekly status report every Friday
18:00 to the project's stakeholders (the PM and a stakeholder address). Runs need a worker: none are built here."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from core import roles
from projects.models import Project, ProjectState
from reporting.models import ReportKind, Weekday


def build(*, today, seed) -> dict[str, int]:
    from projects.demo.catalog import EMAIL_DOMAIN, PM_USERNAMES
    from reporting.services import schedules

    users = get_user_model().objects
    pmo = users.filter(username="pmo").first()
    if pmo is None or not roles.is_pmo(pmo):
        return {}
    made = 0
    qcd = schedules.create_schedule(
        actor=pmo, name="経営会議向け QCD レポート", kind=ReportKind.QCD, weekday=Weekday.MONDAY, hour=8, minute=0
    )
    made += 1
    for username in ("exec", "pmo"):
        user = users.filter(username=username).first()
        if user is not None:
            schedules.add_recipient(actor=pmo, schedule=qcd, user=user)
    for username in PM_USERNAMES:
        project = (
            Project.objects.filter(pm__username=username, state=ProjectState.ACTIVE, confidential=False)
            .order_by("code")
            .first()
        )
        if project is None:
            continue
        weekly = schedules.create_schedule(
            actor=pmo,
            name=f"週次報告 {project.code}",
            kind=ReportKind.WEEKLY_STATUS,
            project=project,
            weekday=Weekday.FRIDAY,
            hour=18,
            minute=0,
        )
        made += 1
        schedules.add_recipient(actor=pmo, schedule=weekly, user=project.pm)
        schedules.add_recipient(
            actor=pmo, schedule=weekly, email=f"stakeholder.{project.code.lower()}@{EMAIL_DOMAIN}", language="ja"
        )
    _backdate(today)
    return {"Report schedules": made}


def _backdate(today) -> None:
    """The demo's story: the PMO set the schedules up two weeks ago (not the moment the demo was written)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.conf import settings

    from core.models import AuditEntry
    from reporting.models import ReportSchedule, ScheduleRecipient

    moment = dt.datetime.combine(today - dt.timedelta(days=14), dt.time(9, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    AuditEntry.objects.filter(app_label="reporting").update(at=moment)
    ReportSchedule.objects.update(created_at=moment, updated_at=moment)
    ScheduleRecipient.objects.update(created_at=moment)


def reset() -> None:
    from django_celery_beat.models import PeriodicTask

    from core.models import AuditEntry
    from reporting.models import ReportDelivery, ReportRun, ReportSchedule, ScheduleRecipient

    task_ids = list(ReportSchedule.objects.exclude(periodic_task=None).values_list("periodic_task_id", flat=True))
    ReportDelivery.objects.all().delete()
    ReportRun.objects.all().delete()
    ScheduleRecipient.objects.all().delete()
    ReportSchedule.objects.all().delete()
    PeriodicTask.objects.filter(pk__in=task_ids).delete()
    AuditEntry.objects.filter(app_label="reporting").delete()
