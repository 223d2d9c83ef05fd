"""Core models: the audit log every app writes through ``core.audit``."""

from django.conf import settings
from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded change: who, when, what object, which fields with old and new values.

    Written only by ``core.audit.record`` from the services, in the same transaction as the change. ``changes``
    maps a field name to ``[old, new]`` as display strings.

    ``project_id`` is the project the entry belongs to, if any (org units, programs and standards have none). It
    is a plain id on purpose, not a foreign key: ``core`` knows nothing of ``projects``, and nothing done to a
    project (closing, cancelling, archiving) can cascade into its history. Entries are never updated or deleted
    by the portal.
    """

    project_id = models.BigIntegerField(_("project"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=32)
    app_label = models.CharField(max_length=32, blank=True)
    object_type = models.CharField(_("object type"), max_length=32)
    object_id = models.PositiveBigIntegerField(null=True)
    object_repr = models.CharField(_("object"), max_length=250)
    changes = models.JSONField(default=dict)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        indexes = [
            models.Index(fields=["project_id", "-at"], name="audit_project_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class Notification(models.Model):
    """One thing a user should know about (a report returned, an issue escalated …), shown in the portal and, if the
    user wants, e-mailed. ``event_key`` names the event: one event notifies a user once, however often a job or a
    service runs (unique per recipient). The text is rendered in the recipient's language from ``kind`` and
    ``params`` when shown or sent, never stored translated."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    event_key = models.CharField(max_length=200)
    project_id = models.BigIntegerField(null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="notification_once_per_event")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationSetting(models.Model):
    """A user's choice for one kind of notification (no row: both on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    kind = models.CharField(max_length=40)
    in_portal = models.BooleanField(_("in the portal"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_setting_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class UserPreference(models.Model):
    """What a user chose for themself: the language of their e-mails (and of the portal once they switch)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.language}"


#: Each choice field's {value: label} (labels stay lazy: translated when shown). See ``ChoiceLabelsModel``.
_CHOICE_LABELS: dict[models.Field, dict] = {}


class ChoiceLabelsModel(models.Model):
    """``get_<field>_display()`` from a dict built once per field, instead of Django's, which rebuilds the
    field's whole choice dict on every call (list pages call it for every row and column). Same result: the
    translated label, or the raw value when it is not a choice."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list in a JSON field): not a choice
            label = value
        return force_str(label, strings_only=True)
