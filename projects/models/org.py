from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_code
from projects.querysets import OrganisationQuerySet


class OrgUnit(models.Model):
    """A node of the organisation tree (company → division → department)."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    version = models.PositiveIntegerField(default=1)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """An optional group of related projects."""

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[validate_code])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("org unit"))
    version = models.PositiveIntegerField(default=1)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name
