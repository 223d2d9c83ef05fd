"""Core models: the audit log every app writes through ``core.audit``."""

from django.conf import settings
from django.db import models
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
