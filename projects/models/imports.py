from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportPreviewState(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    IMPORTED = "imported", _("Imported")
    REFUSED = "refused", _("Refused when checked again")


class ImportPreview(models.Model):
    """A checked import file awaiting its uploader's confirmation: confirmed once, at most.

    ``sheet`` holds the file's rows as strings (``projects.imports.Sheet.to_json``); the confirmation names
    ``token`` and is accepted only from ``created_by`` while ``state`` is pending. ``projects.services.imports``
    locks the row (``select_for_update``) for the whole import and sets the state in the same transaction, so a double
    click or concurrent confirmations import the file exactly once; the others find it imported. Previews are
    working data, not history (the import itself is audited on what it wrote): old ones are deleted.
    """

    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)
    filename = models.CharField(max_length=255, blank=True)
    sheet = models.JSONField()
    state = models.CharField(max_length=16, choices=ImportPreviewState.choices, default=ImportPreviewState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["created_by", "created_at"], name="projects_importpreview_user")]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.state})"
