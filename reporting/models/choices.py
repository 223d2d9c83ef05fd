from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    WEEKLY_STATUS = "weekly_status", _("Weekly status report")
    QCD = "qcd", _("QCD report")


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


#: A run's state machine: (from, to) pairs the services allow. ``failed → queued`` is a retry.
RUN_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (RunState.QUEUED, RunState.RUNNING),
        (RunState.RUNNING, RunState.RUNNING),  # a worker killed mid-run: the redelivered task takes it over
        (RunState.RUNNING, RunState.DONE),
        (RunState.RUNNING, RunState.FAILED),
        (RunState.RUNNING, RunState.QUEUED),  # a retry with backoff
        (RunState.QUEUED, RunState.FAILED),
        (RunState.FAILED, RunState.QUEUED),
        (RunState.FAILED, RunState.RUNNING),
    }
)
