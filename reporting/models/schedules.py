from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reporting.models.choices import DeliveryState, ReportKind, Weekday
from reporting.querysets import ReportScheduleQuerySet


class ReportSchedule(models.Model):
    """A report built and e-mailed every week at ``weekday`` ``hour``:``minute`` (Asia/Tokyo, the portal's zone).

    Edited by the PMO in the portal; ``reporting.services.schedules`` keeps the django-celery-beat ``PeriodicTask``
    in step (the database scheduler picks a change up without a restart). A schedule is paused, never deleted: its
    runs and deliveries stay. A weekly status schedule names its ``project``; a QCD schedule its ``org_unit`` (none:
    the whole portfolio).
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ReportKind.choices)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("project")
    )
    org_unit = models.ForeignKey(
        "projects.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("org unit"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    hour = models.PositiveSmallIntegerField(_("hour"), validators=[MaxValueValidator(23)])
    minute = models.PositiveSmallIntegerField(_("minute"), default=0, validators=[MaxValueValidator(59)])
    active = models.BooleanField(_("active"), default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = ReportScheduleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "weekday", "hour", "minute", "name"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        constraints = [
            models.CheckConstraint(condition=Q(hour__lte=23) & Q(minute__lte=59), name="schedule_time_valid"),
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.WEEKLY_STATUS) | Q(project__isnull=False),
                name="schedule_weekly_has_project",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def time_label(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


class ScheduleRecipient(models.Model):
    """Who receives a schedule's PDF: a portal user (their language, only what they may see) or a plain address
    (``language`` chosen here; only a weekly status schedule's one project). Removing one deactivates it."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.PROTECT, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["schedule", "id"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email="")) | (Q(user__isnull=True) & ~Q(email="")),
                name="recipient_user_xor_email",
            ),
            models.UniqueConstraint(
                fields=["schedule", "user"], condition=Q(user__isnull=False, active=True), name="recipient_user_once"
            ),
            models.UniqueConstraint(
                fields=["schedule", "email"], condition=~Q(email="") & Q(active=True), name="recipient_email_once"
            ),
        ]

    def __str__(self) -> str:
        return self.email or str(self.user)


class ReportDelivery(models.Model):
    """One e-mail of one schedule slot to one recipient: the database refuses a second row for the same
    (schedule, slot, recipient), so nobody receives a slot's report twice however often the slot runs."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.PROTECT, related_name="deliveries")
    slot = models.DateTimeField(_("schedule slot"))
    recipient = models.ForeignKey(ScheduleRecipient, on_delete=models.PROTECT, related_name="deliveries")
    run = models.ForeignKey("reporting.ReportRun", on_delete=models.PROTECT, null=True, related_name="deliveries")
    address = models.EmailField(_("e-mail address"))
    state = models.CharField(_("state"), max_length=8, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-slot", "id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "slot", "recipient"], name="delivery_once_per_slot_recipient")
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.slot:%Y-%m-%d %H:%M} → {self.address}"

    @property
    def message_id(self) -> str:
        """A Message-ID fixed per delivery: a resend after an unknown outcome is recognisably the same mail."""
        return f"<report-{self.schedule_id}-{self.slot:%Y%m%d%H%M}-{self.recipient_id}@pmo-portal>"
