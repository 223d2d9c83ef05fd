"""Serializers of the projects API: the organisation (org units, programs). Writes go through
``projects.services.org``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.validators import normalise_code
from projects.api.serializers.common import VersionedSerializerMixin, _actor, _version_field, without_model_validators
from projects.models import OrgUnit, Program
from projects.services import org as org_services


class _CodeMixin:
    def validate_code(self, value: str) -> str:
        return normalise_code(value)


class OrgUnitSerializer(_CodeMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    version = _version_field()

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "parent", "version"]
        extra_kwargs = without_model_validators("code")

    def create(self, validated_data: dict[str, Any]) -> OrgUnit:
        validated_data.pop("version", None)
        return org_services.create_org_unit(actor=_actor(self), **validated_data)

    def update(self, instance: OrgUnit, validated_data: dict[str, Any]) -> OrgUnit:
        expected = validated_data.pop("version", None)
        return org_services.update_org_unit(
            actor=_actor(self), org_unit=instance, expected_version=expected, **validated_data
        )


class ProgramSerializer(_CodeMixin, VersionedSerializerMixin, serializers.ModelSerializer):
    version = _version_field()

    class Meta:
        model = Program
        fields = ["id", "code", "name", "description", "org_unit", "version"]
        extra_kwargs = without_model_validators("code")

    def create(self, validated_data: dict[str, Any]) -> Program:
        validated_data.pop("version", None)
        return org_services.create_program(actor=_actor(self), **validated_data)

    def update(self, instance: Program, validated_data: dict[str, Any]) -> Program:
        expected = validated_data.pop("version", None)
        return org_services.update_program(
            actor=_actor(self), program=instance, expected_version=expected, **validated_data
        )
