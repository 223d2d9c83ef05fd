"""Serializers of people and allocations (``/api/v1/people/``, ``/api/v1/allocations/``). They parse; every rule is
``projects.services.resources``'s, whose ``RuleError`` becomes a 400 at the same field with the same words as the
pages. ``month`` is written and read as ``YYYY-MM``; ``skills`` and ``skill`` are skill names."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.api.serializers.common import UsernameField, VersionedSerializerMixin, _actor, _version_field
from projects.api.serializers.items import ProjectItemSerializer
from projects.models import Allocation, OrgUnit, Person, Skill
from projects.services import resources


class SkillNamesField(serializers.ListField):
    child = serializers.CharField(max_length=100)

    def to_representation(self, value):
        return [s.name for s in value.all()]


class PersonSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    user = UsernameField(required=False, allow_null=True, help_text=_("The linked portal user's username."))
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    skills = SkillNamesField(required=False, help_text=_("Skill names."))
    # A decimal string ("0.80"), as the schema says: the share of a full-time month, two decimals.
    capacity_fte = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=True, required=False)
    version = _version_field()

    class Meta:
        model = Person
        fields = ["id", "name", "user", "email", "org_unit", "skills", "capacity_fte", "active", "version"]

    def create(self, validated_data):
        validated_data.pop("version", None)
        return resources.create_person(actor=_actor(self), **validated_data)

    def update(self, instance, validated_data):
        expected = validated_data.pop("version", None)
        return resources.update_person(actor=_actor(self), person=instance, expected_version=expected, **validated_data)


class MonthTextField(serializers.CharField):
    """``YYYY-MM``; read the same way. Whether it is a month is the service's rule (same words as the pages)."""

    def to_representation(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else str(value)


class AllocationSerializer(ProjectItemSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    month = MonthTextField(max_length=10, help_text=_("The month: YYYY-MM."))
    percent = serializers.IntegerField(help_text=_("Whole percent of a full-time month, 0–100."))
    skill = serializers.SlugRelatedField(
        slug_field="name", queryset=Skill.objects.all(), required=False, allow_null=True
    )
    utilisation_over = serializers.SerializerMethodField()

    class Meta:
        model = Allocation
        fields = ["id", "person", "project", "month", "percent", "skill", "version", "utilisation_over"]
        validators: list = []  # one booking per (person, project, month) is the service's rule, at "month"

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["person"] = serializers.PrimaryKeyRelatedField(read_only=True)
            fields["month"] = MonthTextField(read_only=True)
        return fields

    def get_utilisation_over(self, obj) -> bool | None:
        """Whether the person is booked above capacity that month (when the list annotated it)."""
        total = getattr(obj, "person_month_total", None)
        if total is None:
            return None
        return total > obj.person.capacity_fte * 100

    def create(self, validated_data):
        validated_data.pop("version", None)
        return resources.create_allocation(actor=_actor(self), **validated_data)

    def update(self, instance, validated_data):
        data = self.changes(validated_data)
        data.pop("person", None)
        data.pop("month", None)
        return resources.update_allocation(allocation=instance, **data)
