"""Serializers of the projects API: organisation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.api.serializers.common import _actor
from projects.models import (
    OrgUnit,
    Program,
)
from projects.services.org import create_org_object, update_org_object


class OrgUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "parent"]

    def validate_parent(self, parent: OrgUnit | None) -> OrgUnit | None:
        """The tree may not loop: the parent may be neither this unit nor one of its descendants."""
        node = parent
        seen: set[int] = set()
        while node is not None and self.instance is not None and node.pk not in seen:
            if node.pk == self.instance.pk:
                raise serializers.ValidationError(_("An org unit cannot be placed under itself."))
            seen.add(node.pk)
            node = node.parent
        return parent

    def create(self, validated_data: dict[str, Any]) -> OrgUnit:
        return create_org_object(actor=_actor(self), model=OrgUnit, data=validated_data)

    def update(self, instance: OrgUnit, validated_data: dict[str, Any]) -> OrgUnit:
        return update_org_object(actor=_actor(self), obj=instance, data=validated_data)


class ProgramSerializer(serializers.ModelSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "name", "description", "org_unit"]

    def create(self, validated_data: dict[str, Any]) -> Program:
        return create_org_object(actor=_actor(self), model=Program, data=validated_data)

    def update(self, instance: Program, validated_data: dict[str, Any]) -> Program:
        return update_org_object(actor=_actor(self), obj=instance, data=validated_data)
