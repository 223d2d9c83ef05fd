"""Standard documents (templates, guidelines, procedures) and their versions.

Invariants: a document has at most one draft version and at most one published (current) version; a published or
superseded version is never changed (a change is a new version); versions are never deleted. The attached file is
stored privately (``core.uploads``): ``file_name`` is the generated storage name, ``file_original_name`` what the
user called it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.validators import validate_code
from standards.models.choices import DocumentKind, StandardStatus, VersionState
from standards.querysets import StandardQuerySet, VersionQuerySet


class Category(models.Model):
    """A shelf of the library (e.g. 計画, 品質, 報告)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(default=1)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class StandardDocument(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_code])
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices, default=DocumentKind.TEMPLATE)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    status = models.CharField(_("status"), max_length=16, choices=StandardStatus.choices, default=StandardStatus.DRAFT)
    current_version = models.ForeignKey(
        "standards.DocumentVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ja")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("standard document")
        verbose_name_plural = _("standard documents")
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("standards:document", kwargs={"pk": self.pk})


class DocumentVersion(models.Model):
    document = models.ForeignKey(StandardDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=16, choices=VersionState.choices, default=VersionState.DRAFT)
    body = models.TextField(_("body (Markdown)"), blank=True)
    change_note = models.CharField(_("change note"), max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_original_name = models.CharField(_("file"), max_length=255, blank=True)
    file_content_type = models.CharField(max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="docversion_unique_number"),
            models.UniqueConstraint(fields=["document"], condition=Q(state="draft"), name="docversion_one_draft"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(state="published"), name="docversion_one_published"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} v{self.number}"

    @property
    def has_file(self) -> bool:
        return bool(self.file_name)

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT
