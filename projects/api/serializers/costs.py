"""Serializers of the projects API: monthly cost plans (PV), monthly actual costs (AC) and weekly quality records.

They only parse (types, formats, the project among those the user may see); every rule is the service's
(``projects.services.costs`` and ``projects.services.quality``), whose ``RuleError`` becomes a 400 at the same field
with the same words as on the page. ``month`` is written ``YYYY-MM`` or as the month's first day (``YYYY-MM-01``)
and read as the first day. ``version`` is required to change a row.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.api.serializers.common import _actor
from projects.api.serializers.items import ProjectItemSerializer
from projects.models import CostActual, CostPlan, QualityRecord
from projects.services import costs, quality

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(serializers.DateField):
    """A month: ``2026-04`` (taken as 2026-04-01) or a date; whether it is a month's first day is the service's
    rule (``costs.MONTH_NOT_FIRST``)."""

    def to_internal_value(self, value):
        match = _MONTH_RE.match(value.strip()) if isinstance(value, str) else None
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), 1)
            except ValueError:
                self.fail("invalid", format="YYYY-MM")
        return super().to_internal_value(value)


def amount_field(label) -> serializers.DecimalField:
    # No digits or places limits here: "whole yen" and "too large" are the service's rules and words.
    return serializers.DecimalField(max_digits=None, decimal_places=None, label=label)


class _CostRowSerializer(ProjectItemSerializer):
    month = MonthField(help_text=_("The month: YYYY-MM (or its first day, YYYY-MM-01)."))
    amount_name = ""

    def create(self, validated_data):
        return costs.create_cost_row(
            actor=_actor(self),
            project=validated_data["project"],
            model=self.Meta.model,
            month=validated_data["month"],
            amount=validated_data[self.amount_name],
        )

    def update(self, instance, validated_data):
        kwargs = {}
        if "month" in validated_data:
            kwargs["month"] = validated_data["month"]
        if self.amount_name in validated_data:
            kwargs["amount"] = validated_data[self.amount_name]
        return costs.update_cost_row(
            actor=_actor(self), obj=instance, expected_version=validated_data.get("version"), **kwargs
        )


class CostPlanSerializer(_CostRowSerializer):
    planned_cost = amount_field(_("planned cost"))
    amount_name = "planned_cost"

    class Meta:
        model = CostPlan
        fields = ["id", "project", "month", "planned_cost", "version"]


class CostActualSerializer(_CostRowSerializer):
    actual_cost = amount_field(_("actual cost"))
    amount_name = "actual_cost"

    class Meta:
        model = CostActual
        fields = ["id", "project", "month", "actual_cost", "version"]


class QualityRecordSerializer(ProjectItemSerializer):
    week = serializers.CharField(max_length=8, help_text=_("ISO week, e.g. 2026-W48."))
    test_pass_rate = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = QualityRecord
        fields = ["id", "project", "week", *quality.COUNT_FIELDS, "test_pass_rate", "version"]
        extra_kwargs = {name: {"min_value": None, "validators": []} for name in quality.COUNT_FIELDS}

    def get_fields(self):
        fields = super().get_fields()
        for name in quality.COUNT_FIELDS:
            # Negative counts reach the service, which answers with its words.
            fields[name] = serializers.IntegerField(required=False, label=fields[name].label)
        return fields

    def create(self, validated_data):
        return quality.create_quality_record(**self.creation(validated_data))

    def update(self, instance, validated_data):
        return quality.update_quality_record(record=instance, **self.changes(validated_data))
