"""Checklists, their versions and ordered items.

Invariants as for documents: at most one draft and one published version; published and superseded versions (and
their items) never change. A checklist is found by its stable ``code`` (e.g. ``DELIVERY-PRECHECK``). An item may
link back to where it came from (``source_url``, ``source_label``, ``source_key`` such as ``knowledge.lesson:42``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_code
from standards.models.choices import ChecklistPurpose, StandardStatus, VersionState
from standards.querysets import StandardQuerySet, VersionQuerySet


class Checklist(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_code])
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=ChecklistPurpose.choices, default=ChecklistPurpose.PHASE_GATE
    )
    category = models.ForeignKey(
        "standards.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklists",
        verbose_name=_("category"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    status = models.CharField(_("status"), max_length=16, choices=StandardStatus.choices, default=StandardStatus.DRAFT)
    current_version = models.ForeignKey(
        "standards.ChecklistVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ja")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:checklist", kwargs={"pk": self.pk})


class ChecklistVersion(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    description = models.TextField(_("description (Markdown)"), blank=True)
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["checklist", "-number"]
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="clversion_unique_number"),
            models.UniqueConstraint(fields=["checklist"], condition=Q(state="draft"), name="clversion_one_draft"),
            models.UniqueConstraint(
                fields=["checklist"], condition=Q(state="published"), name="clversion_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist.code} v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT


class ChecklistItem(models.Model):
    checklist_version = models.ForeignKey(ChecklistVersion, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveIntegerField(_("order"))
    text = models.CharField(_("text"), max_length=500)
    guidance = models.TextField(_("guidance"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    source_url = models.CharField(_("source link"), max_length=500, blank=True)
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    source_key = models.CharField(_("source key"), max_length=100, blank=True, db_index=True)

    class Meta:
        ordering = ["checklist_version", "position", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text
