"""Report schedules and their recipients, edited by the PMO; the django-celery-beat ``PeriodicTask`` of each
schedule is kept in step here (the database scheduler notices the change without a restart).

A schedule slot (the scheduled time a run belongs to, e.g. Monday 2026-11-30 08:00 Asia/Tokyo) is opened by
``open_slot``: one run per audience (language, and for a QCD report the set of projects the recipient may see) and
one delivery row per recipient, each under a unique constraint, so running a slot twice builds and sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, roles
from core.exceptions import NotAllowed, RuleError, Rules
from core.locking import check_version, lock
from core.notifications import language_of
from projects import permissions as project_permissions
from projects import selectors as project_selectors
from reporting import permissions
from reporting.models import (
    DeliveryState,
    ReportDelivery,
    ReportKind,
    ReportRun,
    ReportSchedule,
    RunState,
    ScheduleRecipient,
)
from reporting.services.runs import scope_ids

TASK_NAME = "reporting.tasks.run_schedule"
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _check_allowed(actor) -> None:
    if not permissions.can_manage_schedules(actor):
        raise NotAllowed(_("Only the PMO may edit report schedules."))


def _validate(*, actor, kind, project, org_unit, weekday, hour, minute, name) -> None:
    rules = Rules()
    rules.check(bool((name or "").strip()), "name", _("Give the schedule a name."))
    rules.check(kind in ReportKind.values, "kind", _("Choose a kind of report."))
    if kind == ReportKind.WEEKLY_STATUS:
        visible = project is not None and project_selectors.visible_projects(actor).filter(pk=project.pk).exists()
        rules.check(visible, "project", _("Choose the project of the weekly status report."))
    rules.check(weekday is not None and 0 <= weekday <= 6, "weekday", _("Choose a weekday."))
    rules.check(hour is not None and 0 <= hour <= 23, "hour", _("Enter an hour from 0 to 23."))
    rules.check(minute is not None and 0 <= minute <= 59, "minute", _("Enter a minute from 0 to 59."))
    rules.raise_if_any()


def sync_periodic_task(schedule: ReportSchedule) -> None:
    """Create or update the beat entry of ``schedule`` (cron: Sunday is 0, our Monday 0 is cron 1)."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=str(schedule.minute),
        hour=str(schedule.hour),
        day_of_week=str((schedule.weekday + 1) % 7),
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    values = {
        "crontab": crontab,
        "interval": None,
        "task": TASK_NAME,
        "args": json.dumps([schedule.pk]),
        "enabled": schedule.active,
        "description": schedule.name[:200],
    }
    task = schedule.periodic_task
    if task is None:
        task = PeriodicTask.objects.create(name=f"reporting-schedule-{schedule.pk}", **values)
        ReportSchedule.objects.filter(pk=schedule.pk).update(periodic_task=task)
        schedule.periodic_task = task
    else:
        for key, value in values.items():
            setattr(task, key, value)
        task.save()


@transaction.atomic
def create_schedule(
    *,
    actor,
    name: str,
    kind: str,
    weekday: int,
    hour: int,
    minute: int = 0,
    project=None,
    org_unit=None,
    active: bool = True,
) -> ReportSchedule:
    _check_allowed(actor)
    _validate(
        actor=actor, kind=kind, project=project, org_unit=org_unit, weekday=weekday, hour=hour, minute=minute, name=name
    )
    schedule = ReportSchedule.objects.create(
        name=name.strip(),
        kind=kind,
        project=project if kind == ReportKind.WEEKLY_STATUS else None,
        org_unit=org_unit if kind == ReportKind.QCD else None,
        weekday=weekday,
        hour=hour,
        minute=minute,
        active=active,
        created_by=actor,
    )
    sync_periodic_task(schedule)
    audit.record(project=schedule.project_id, actor=actor, action="create", obj=schedule)
    return schedule


@transaction.atomic
def update_schedule(
    *,
    actor,
    schedule: ReportSchedule,
    version: int | None,
    name: str,
    weekday: int,
    hour: int,
    minute: int,
    active: bool,
    org_unit=None,
) -> ReportSchedule:
    """Change the name, the time, the org unit of a QCD schedule, or pause/resume (the kind and project stay)."""
    _check_allowed(actor)
    current = lock(schedule)
    check_version(current, version)
    _validate(
        actor=actor,
        kind=current.kind,
        project=current.project,
        org_unit=org_unit,
        weekday=weekday,
        hour=hour,
        minute=minute,
        name=name,
    )
    new = {"name": name.strip(), "weekday": weekday, "hour": hour, "minute": minute, "active": active}
    if current.kind == ReportKind.QCD:
        new["org_unit_id"] = org_unit.pk if org_unit else None
    changes = {k: [getattr(current, k), v] for k, v in new.items() if getattr(current, k) != v}
    for key, value in new.items():
        setattr(current, key, value)
    current.version += 1
    current.save()
    sync_periodic_task(current)
    audit.record(
        project=current.project_id,
        actor=actor,
        action="update",
        obj=current,
        changes={k: [str(a), str(b)] for k, (a, b) in changes.items()},
    )
    return current


@transaction.atomic
def add_recipient(
    *, actor, schedule: ReportSchedule, user=None, email: str = "", language: str = ""
) -> ScheduleRecipient:
    """A portal user, or a plain address (only on a weekly status schedule of a project that is not confidential:
    a plain address receives the one project it was set up for, and a confidential project never leaves its
    members)."""
    _check_allowed(actor)
    current = lock(schedule)
    email = (email or "").strip().lower()
    if (user is None) == (not email):
        raise RuleError(_("Choose a user or enter an e-mail address (one of the two)."), field="email")
    if language and language not in LANGUAGES:
        raise RuleError(_("Choose a language."), field="language")
    if user is not None:
        if not user.is_active or not roles.role_names(user) and not roles.is_pmo(user):
            raise RuleError(_("Choose an active portal user with a role."), field="user")
        if current.kind == ReportKind.WEEKLY_STATUS and not may_receive_project(user, current.project):
            raise RuleError(_("This user may not see the project of this report."), field="user")
        if current.kind == ReportKind.QCD and not roles.has_any_role(user):
            raise RuleError(_("A QCD report is sent to portal users who log in only."), field="user")
        if current.recipients.filter(user=user, active=True).exists():
            raise RuleError(_("This user already receives this report."), field="user")
    else:
        if current.kind != ReportKind.WEEKLY_STATUS:
            raise RuleError(
                _("A plain address can only receive one project's weekly status; add portal users to a QCD report."),
                field="email",
            )
        if current.project.confidential:
            raise RuleError(
                _("The project is confidential: only its members, the PMO and executives may receive it."),
                field="email",
            )
        if current.recipients.filter(email=email, active=True).exists():
            raise RuleError(_("This address already receives this report."), field="email")
    try:
        with transaction.atomic():
            recipient = ScheduleRecipient.objects.create(
                schedule=current, user=user, email=email if user is None else "", language=language or ""
            )
    except IntegrityError as exc:  # a concurrent add of the same recipient
        raise RuleError(_("This recipient already receives this report."), field="email") from exc
    audit.record(project=current.project_id, actor=actor, action="add_recipient", obj=current, comment=str(recipient))
    return recipient


@transaction.atomic
def remove_recipient(*, actor, recipient: ScheduleRecipient) -> ScheduleRecipient:
    """Deactivate (its past deliveries stay)."""
    _check_allowed(actor)
    current = lock(recipient)
    if current.active:
        current.active = False
        current.save(update_fields=["active"])
        audit.record(
            project=current.schedule.project_id,
            actor=actor,
            action="remove_recipient",
            obj=current.schedule,
            comment=str(current),
        )
    return current


# --- Slots -------------------------------------------------------------------------------------------------------


def slot_for(schedule: ReportSchedule, now: dt.datetime | None = None) -> dt.datetime:
    """The latest scheduled time at or before ``now`` (in the portal's time zone)."""
    local = timezone.localtime(now or timezone.now(), _tz())
    candidate = local.replace(hour=schedule.hour, minute=schedule.minute, second=0, microsecond=0)
    candidate -= dt.timedelta(days=(local.weekday() - schedule.weekday) % 7)
    if candidate > local:
        candidate -= dt.timedelta(days=7)
    return candidate


def may_receive_project(user, project) -> bool:
    """A portal user who may see the project, or a stakeholder (no login) set up for a project that is not
    confidential or that they are a member of."""
    if roles.has_any_role(user):
        return project_permissions.can_view_project(user, project)
    if roles.STAKEHOLDER not in roles.role_names(user):
        return False
    return not project.confidential or project.memberships.filter(user=user).exists()


def _audience(schedule: ReportSchedule, recipient: ScheduleRecipient) -> tuple[str | None, str, list[int], str]:
    """(audience key or None if the recipient may not receive it, language, scope ids, reason)."""
    user = recipient.user
    language = recipient.language or (language_of(user) if user else settings.LANGUAGE_CODE)
    if schedule.kind == ReportKind.WEEKLY_STATUS:
        if user is not None:
            if not user.is_active or not may_receive_project(user, schedule.project):
                return None, language, [], _("The recipient may no longer see the project.")
        elif schedule.project.confidential:
            return None, language, [], _("A confidential project is not sent to a plain address.")
        return language, language, [], ""
    if user is None:
        return None, language, [], _("A QCD report is sent to portal users only.")
    if not user.is_active or not roles.has_any_role(user):
        return None, language, [], _("A QCD report is sent to portal users who log in only.")
    ids = scope_ids(user, schedule.org_unit)
    digest = hashlib.sha1(json.dumps(ids).encode(), usedforsecurity=False).hexdigest()[:16]
    return f"{language}-{digest}", language, ids, ""


@transaction.atomic
def open_slot(*, schedule_id: int, now: dt.datetime | None = None) -> list[int]:
    """Create the slot's runs and deliveries (once, however often called); returns the runs still to build or send,
    queued after the commit."""
    schedule = ReportSchedule.objects.filter(pk=schedule_id).first()
    if schedule is None:
        return []
    schedule = lock(schedule)
    if not schedule.active:
        return []
    slot = slot_for(schedule, now)
    runs: dict[str, ReportRun] = {r.audience: r for r in ReportRun.objects.filter(schedule=schedule, slot=slot)}
    created: set[int] = set()
    for recipient in schedule.recipients.filter(active=True).select_related("user").order_by("pk"):
        if ReportDelivery.objects.filter(schedule=schedule, slot=slot, recipient=recipient).exists():
            continue
        key, language, ids, reason = _audience(schedule, recipient)
        address = recipient.email or (recipient.user.email if recipient.user else "")
        if key is not None and not address:
            key, reason = None, _("The recipient has no e-mail address.")
        run = None
        if key is not None:
            run = runs.get(key)
            if run is None:
                run = ReportRun.objects.create(
                    kind=schedule.kind,
                    project=schedule.project,
                    org_unit=schedule.org_unit,
                    scope_project_ids=ids,
                    as_of=slot.date(),
                    language=language,
                    schedule=schedule,
                    slot=slot,
                    audience=key,
                    state_changed_at=timezone.now(),
                )
                runs[key] = run
                created.add(run.pk)
        ReportDelivery.objects.create(
            schedule=schedule,
            slot=slot,
            recipient=recipient,
            run=run,
            address=address or "-@invalid",
            state=DeliveryState.PENDING if run else DeliveryState.SKIPPED,
            error=reason,
        )
    # New runs, failed ones, and built ones still owing an e-mail (a queued or running one is already on its way).
    owed = [DeliveryState.PENDING, DeliveryState.FAILED]
    todo = [
        r.pk
        for r in runs.values()
        if r.state == RunState.FAILED
        or (r.state == RunState.QUEUED and r.attempts == 0 and r.pk in created)
        or (r.state == RunState.DONE and r.deliveries.filter(state__in=owed).exists())
    ]
    from reporting import tasks

    for pk in todo:
        transaction.on_commit(lambda pk=pk: tasks.build_report.delay(pk))
    return todo
