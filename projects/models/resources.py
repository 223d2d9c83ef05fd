"""People and their allocation to projects (SPEC.md "Resources").

Invariants:

* a ``Person`` may be linked to one portal user (or to none: contractors, people without a login); people are
  never deleted, they are made inactive;
* ``capacity_fte`` is the share of a full-time month the person works (0 < capacity ≤ 1);
* an ``Allocation`` books a person on a project for one month (the first day of the month stands for it) at a
  whole percentage of a full-time month, 0–100 for that one row; one row per (person, project, month). A person's
  utilisation in a month is the sum of their rows divided by their capacity: above 100 % they are over-allocated.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.querysets import ProjectItemQuerySet


class PersonQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> PersonQuerySet:
        from projects import permissions

        return self.filter(permissions.person_q(user, action))


class Skill(models.Model):
    """A skill (Java, PMO, infrastructure…) people have and allocations are booked for."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone whose time is allocated to projects."""

    name = models.CharField(_("name"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("portal user"),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    org_unit = models.ForeignKey(
        "projects.OrgUnit", on_delete=models.PROTECT, related_name="people", verbose_name=_("org unit")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="people", verbose_name=_("skills"))
    capacity_fte = models.DecimalField(
        _("monthly capacity (FTE)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(condition=Q(capacity_fte__gt=0, capacity_fte__lte=1), name="person_capacity_range")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:person_detail", kwargs={"pk": self.pk})


class Allocation(models.Model):
    """A person booked on a project for one month, in % of a full-time month (0–100 per row)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("person"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="allocations", verbose_name=_("project")
    )
    month = models.DateField(_("month"))
    percent = models.PositiveSmallIntegerField(
        _("allocation (% FTE)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations", verbose_name=_("skill")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ProjectItemQuerySet.as_manager()

    class Meta:
        ordering = ["month", "person__name", "project__code"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(fields=["person", "project", "month"], name="allocation_unique_month"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="allocation_percent_range"),
            models.CheckConstraint(condition=Q(month__day=1), name="allocation_month_first_day"),
        ]
        indexes = [models.Index(fields=["person", "month"], name="allocation_person_month")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.project.code} {self.month:%Y-%m}: {self.percent}%"
