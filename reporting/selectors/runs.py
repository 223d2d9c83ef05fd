"""Reads of report runs and schedules, restricted at the source."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from reporting.models import ReportRun, ReportSchedule


def runs_for(user) -> QuerySet[ReportRun]:
    return (
        ReportRun.objects.restrict(user, "view")
        .select_related("project", "org_unit", "requested_by", "schedule")
        .order_by("-requested_at", "-id")
    )


def schedules_for(user) -> QuerySet[ReportSchedule]:
    return (
        ReportSchedule.objects.restrict(user, "view")
        .select_related("project", "org_unit", "periodic_task")
        .annotate(recipient_count=Count("recipients", filter=Q(recipients__active=True)))
        .order_by("kind", "weekday", "hour", "minute", "name")
    )


def schedule_for(user, pk: int) -> ReportSchedule | None:
    return schedules_for(user).filter(pk=pk).first()


def recipients(schedule: ReportSchedule):
    return schedule.recipients.filter(active=True).select_related("user").order_by("pk")


def recent_deliveries(schedule: ReportSchedule, limit: int = 30):
    return schedule.deliveries.select_related("recipient", "recipient__user").order_by("-slot", "pk")[:limit]
