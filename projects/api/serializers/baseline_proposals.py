"""Serializers of the projects API: re-baseline proposals. They parse; ``projects.services.baseline_proposals``
decides (who may propose or decide, the rules, the states)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from projects.api.serializers.common import UsernameField, _actor, _version_field, required_version_field
from projects.models import BaselineProposal, ChangeRequest, Milestone, Project
from projects.services import baseline_proposals as proposal_services
from projects.services.projects import TARGET_FIELDS


class MilestoneDateSerializer(serializers.Serializer):
    milestone = serializers.PrimaryKeyRelatedField(queryset=Milestone.objects.none())
    baseline_date = serializers.DateField()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["milestone"].queryset = Milestone.objects.restrict(request.user, "view")
        return fields


class BaselineProposalSerializer(serializers.ModelSerializer):
    """A re-baseline proposed by the project's PM; the PMO approves or rejects it (``…/decide/``).

    Only an approval changes the baseline (``baseline`` is then the new baseline's id). ``milestone_dates`` lists
    the milestones given a new baseline date; ``targets`` holds the quality targets the proposal changes.
    """

    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.none())
    # Required by the service (one message for a missing one); optional here so that the service says it.
    change_request = serializers.PrimaryKeyRelatedField(
        queryset=ChangeRequest.objects.none(), required=False, allow_null=True
    )
    # Written as typed input; read back as stored (``to_representation``).
    milestone_dates = MilestoneDateSerializer(many=True, required=False, write_only=True)
    targets = serializers.DictField(
        required=False, write_only=True, help_text=_("Quality targets that change (name → value).")
    )
    proposed_by = UsernameField(read_only=True)
    decided_by = UsernameField(read_only=True, allow_null=True)
    version = _version_field()

    class Meta:
        model = BaselineProposal
        fields = [
            "id",
            "project",
            "state",
            "planned_start",
            "planned_end",
            "bac",
            "reason",
            "change_request",
            "milestone_dates",
            "targets",
            "baseline",
            "proposed_by",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_comment",
            "updated_at",
            "version",
        ]
        read_only_fields = [
            "state",
            "baseline",
            "created_at",
            "decided_at",
            "decision_comment",
            "updated_at",
            "version",
        ]
        validators: list = []
        extra_kwargs = {
            "bac": {"validators": []},
            "reason": {"allow_blank": True},
        }

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = Project.objects.restrict(request.user, "view")
            # Only change requests the user may see: an invisible one answers like a missing one.
            fields["change_request"].queryset = ChangeRequest.objects.restrict(request.user, "view")
        return fields

    def to_representation(self, instance: BaselineProposal) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["milestone_dates"] = list(instance.milestone_dates)
        data["targets"] = dict(instance.targets)
        return data

    def validate_targets(self, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(TARGET_FIELDS))
        if unknown:
            raise serializers.ValidationError(_("Unknown quality targets: %(names)s.") % {"names": ", ".join(unknown)})
        return value

    def create(self, validated_data: dict[str, Any]) -> BaselineProposal:
        return proposal_services.propose_rebaseline(
            actor=_actor(self),
            project=validated_data["project"],
            planned_start=validated_data["planned_start"],
            planned_end=validated_data["planned_end"],
            bac=validated_data["bac"],
            reason=validated_data.get("reason", ""),
            change_request=validated_data.get("change_request"),
            milestone_dates=[(e["milestone"], e["baseline_date"]) for e in validated_data.get("milestone_dates", [])],
            targets=validated_data.get("targets"),
        )


class DecideRebaselineSerializer(serializers.Serializer):
    """The PMO's decision: approve (the baseline changes) or reject (with a comment)."""

    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    version = required_version_field()


class WithdrawRebaselineSerializer(serializers.Serializer):
    version = required_version_field()
