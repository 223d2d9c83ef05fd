"""Serializers of the standards API: they shape output and parse input; rules are the services'."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.locking import VERSION_REQUIRED
from core.people import display_name
from projects.models import OrgUnit, Phase, ProjectState, ProjectType, RiskResponse
from projects.services.projects import pm_candidates
from standards.models import (
    Answer,
    Blueprint,
    BlueprintChecklist,
    BlueprintDocument,
    BlueprintMilestone,
    BlueprintRisk,
    Category,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistPurpose,
    ChecklistRun,
    ChecklistVersion,
    DocumentKind,
    DocumentVersion,
    GateReview,
    Schedule,
    StandardDocument,
)


class UploadedFileSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The file's name, e.g. plan.xlsx (its extension must match its content).")
    content = serializers.CharField(help_text="The file's bytes, base64-encoded.")


@extend_schema_field(UploadedFileSerializer(allow_null=True))
class Base64FileField(serializers.Field):
    """A file sent in JSON: ``{"name": "plan.xlsx", "content": "<base64>"}`` (the API takes JSON bodies only).
    The content is checked later by ``core.uploads.validate_upload`` (size, type by content)."""

    default_error_messages = {
        "invalid": _("Send the file as an object with “name” and base64 “content”."),
        "too_large": _("The file is larger than the upload limit."),
    }

    def to_internal_value(self, data):
        import base64
        import binascii

        from django.core.files.uploadedfile import SimpleUploadedFile

        if (
            not isinstance(data, dict)
            or not isinstance(data.get("name"), str)
            or not isinstance(data.get("content"), str)
        ):
            self.fail("invalid")
        if len(data["content"]) * 3 // 4 > settings.PMO_UPLOAD_MAX_BYTES + 3:
            self.fail("too_large")
        try:
            content = base64.b64decode(data["content"], validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid")
        return SimpleUploadedFile(data["name"][:255], content)

    def to_representation(self, value):
        return None


def version_field(required: bool = True) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, required=required,
                                    error_messages={"required": VERSION_REQUIRED, "null": VERSION_REQUIRED})  # fmt: skip


class StandardsPersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()


@extend_schema_field(StandardsPersonSerializer(allow_null=True))
class PersonField(serializers.Field):
    def to_representation(self, value):
        return {"username": value.username, "name": display_name(value)} if value else None


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "description", "position"]


class DocumentVersionSerializer(serializers.ModelSerializer):
    created_by = PersonField(read_only=True)
    published_by = PersonField(read_only=True)
    has_file = serializers.BooleanField(read_only=True)

    class Meta:
        model = DocumentVersion
        fields = ["id", "number", "state", "body", "change_note", "has_file", "file_original_name",
                  "file_content_type", "file_size", "file_sha256", "created_at", "created_by", "published_at",
                  "published_by", "version"]  # fmt: skip
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    owner = PersonField(read_only=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True, required=False)
    current_version = DocumentVersionSerializer(read_only=True)

    class Meta:
        model = StandardDocument
        fields = ["id", "code", "title", "kind", "category", "language", "status", "owner", "current_version",
                  "created_at", "updated_at", "version"]  # fmt: skip
        read_only_fields = ["status", "owner", "current_version", "created_at", "updated_at"]


class DocumentCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="ja")
    body = serializers.CharField(required=False, allow_blank=True, default="")
    change_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    file = Base64FileField(required=False, allow_null=True)


class DocumentUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    version = version_field()


class DraftSerializer(serializers.Serializer):
    """The draft version's content: ``version`` is the draft version's own ``version``."""

    body = serializers.CharField(required=False, allow_blank=True)
    change_note = serializers.CharField(required=False, allow_blank=True, max_length=500)
    file = Base64FileField(required=False, allow_null=True)
    remove_file = serializers.BooleanField(required=False, default=False)
    version = version_field()


class StateChangeSerializer(serializers.Serializer):
    version = version_field()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class NewVersionSerializer(serializers.Serializer):
    change_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "position", "text", "guidance", "required", "source_url", "source_label", "source_key"]
        read_only_fields = ["id", "position"]


class ChecklistVersionSerializer(serializers.ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistVersion
        fields = ["id", "number", "state", "description", "change_note", "published_at", "items", "version"]
        read_only_fields = fields


class ChecklistSerializer(serializers.ModelSerializer):
    owner = PersonField(read_only=True)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True, required=False)
    current_version = ChecklistVersionSerializer(read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "code", "title", "purpose", "category", "language", "status", "owner", "current_version",
                  "created_at", "updated_at", "version"]  # fmt: skip
        read_only_fields = ["status", "owner", "current_version", "created_at", "updated_at"]


class ChecklistCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=200)
    purpose = serializers.ChoiceField(choices=ChecklistPurpose.choices)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="ja")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class ChecklistUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    purpose = serializers.ChoiceField(choices=ChecklistPurpose.choices, required=False)
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all(), allow_null=True, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    version = version_field()


class ItemCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    guidance = serializers.CharField(required=False, allow_blank=True, default="")
    required = serializers.BooleanField(required=False, default=False)
    source_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    source_label = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    source_key = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class ReorderSerializer(serializers.Serializer):
    items = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class BlueprintMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = BlueprintMilestone
        fields = ["id", "name", "phase", "offset_days", "weight", "is_phase_gate"]


class BlueprintChecklistSerializer(serializers.ModelSerializer):
    checklist_code = serializers.CharField(source="checklist.code", read_only=True)

    class Meta:
        model = BlueprintChecklist
        fields = ["id", "checklist", "checklist_code", "schedule", "phase", "required"]


class BlueprintRiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = BlueprintRisk
        fields = ["id", "title", "cause", "effect", "probability", "impact", "response", "mitigation"]


class BlueprintDocumentSerializer(serializers.ModelSerializer):
    document_code = serializers.CharField(source="document.code", read_only=True)

    class Meta:
        model = BlueprintDocument
        fields = ["id", "document", "document_code", "note"]


class BlueprintSerializer(serializers.ModelSerializer):
    owner = PersonField(read_only=True)
    milestones = BlueprintMilestoneSerializer(many=True, read_only=True)
    checklists = BlueprintChecklistSerializer(many=True, read_only=True)
    risks = BlueprintRiskSerializer(many=True, read_only=True)
    documents = BlueprintDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Blueprint
        fields = ["id", "code", "name", "project_type", "description", "language", "status", "owner",
                  "published_at", "milestones", "checklists", "risks", "documents", "version"]  # fmt: skip
        read_only_fields = ["status", "owner", "published_at"]


class BlueprintCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    project_type = serializers.ChoiceField(choices=ProjectType.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=settings.LANGUAGES, default="ja")


class BlueprintUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    project_type = serializers.ChoiceField(choices=ProjectType.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    version = version_field()


class BlueprintLineSerializer(serializers.Serializer):
    """One line to add: ``kind`` and that kind's fields."""

    kind = serializers.ChoiceField(choices=["milestone", "checklist", "risk", "document"])
    name = serializers.CharField(max_length=200, required=False)
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, allow_blank=True)
    offset_days = serializers.IntegerField(min_value=0, max_value=3650, required=False)
    weight = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)
    is_phase_gate = serializers.BooleanField(required=False, default=False)
    checklist = serializers.PrimaryKeyRelatedField(queryset=Checklist.objects.all(), required=False)
    schedule = serializers.ChoiceField(choices=Schedule.choices, required=False)
    required = serializers.BooleanField(required=False, default=True)
    title = serializers.CharField(max_length=200, required=False)
    probability = serializers.IntegerField(min_value=1, max_value=5, required=False)
    impact = serializers.IntegerField(min_value=1, max_value=5, required=False)
    cause = serializers.CharField(required=False, allow_blank=True)
    effect = serializers.CharField(required=False, allow_blank=True)
    response = serializers.ChoiceField(choices=RiskResponse.choices, required=False)
    mitigation = serializers.CharField(required=False, allow_blank=True)
    document = serializers.PrimaryKeyRelatedField(queryset=StandardDocument.objects.all(), required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)

    REQUIRED = {"milestone": ("name", "phase", "offset_days"), "checklist": ("checklist", "schedule"),
                "risk": ("title",), "document": ("document",)}  # fmt: skip
    FIELDS = {
        "milestone": ("name", "phase", "offset_days", "weight", "is_phase_gate"),
        "checklist": ("checklist", "schedule", "phase", "required"),
        "risk": ("title", "probability", "impact", "cause", "effect", "response", "mitigation"),
        "document": ("document", "note"),
    }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["checklist"].queryset = Checklist.objects.restrict(user, "view")
            self.fields["document"].queryset = StandardDocument.objects.restrict(user, "view")

    def validate(self, attrs):
        kind = attrs["kind"]
        missing = {
            name: [_("This field is required.")] for name in self.REQUIRED[kind] if attrs.get(name) in (None, "")
        }
        if missing:
            raise serializers.ValidationError(missing)
        return {name: attrs[name] for name in self.FIELDS[kind] if name in attrs} | {"kind": kind}


class InstantiateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    pm = serializers.SlugRelatedField(slug_field="username", queryset=pm_candidates())
    deputy_pm = serializers.SlugRelatedField(slug_field="username", queryset=pm_candidates(), required=False,
                                             allow_null=True)  # fmt: skip
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    bac = serializers.DecimalField(max_digits=15, decimal_places=0, min_value=0)
    state = serializers.ChoiceField(choices=[ProjectState.PROPOSED, ProjectState.ACTIVE], default=ProjectState.PROPOSED)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    customer = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    sponsor = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    confidential = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["org_unit"].queryset = OrgUnit.objects.restrict(user, "view")


class InstantiatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")


class AnswerSerializer(serializers.ModelSerializer):
    answered_by = PersonField(read_only=True)

    class Meta:
        model = ChecklistAnswer
        fields = ["id", "item", "answer", "note", "evidence_url", "answered_by", "answered_at"]
        read_only_fields = fields


class RunSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    checklist_code = serializers.CharField(source="checklist.code", read_only=True)
    checklist_version_number = serializers.IntegerField(source="checklist_version.number", read_only=True,
                                                        default=None, allow_null=True)  # fmt: skip
    completed_by = PersonField(read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, allow_blank=True, read_only=True)  # "": a weekly run

    class Meta:
        model = ChecklistRun
        fields = ["id", "project", "project_code", "checklist", "checklist_code", "checklist_version",
                  "checklist_version_number", "schedule", "phase", "week", "milestone", "due_date", "required",
                  "state", "started_at", "completed_at", "completed_by", "answers", "version"]  # fmt: skip
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    answer = serializers.ChoiceField(choices=Answer.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)
    evidence_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class VersionOnlySerializer(serializers.Serializer):
    version = version_field()


class GateReviewSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    decided_by = PersonField(read_only=True)
    run_state = serializers.CharField(source="run.state", read_only=True, default=None, allow_null=True)
    next_phase = serializers.ChoiceField(choices=Phase.choices, allow_blank=True, read_only=True)  # "": the last gate

    class Meta:
        model = GateReview
        fields = ["id", "project", "project_code", "milestone", "run", "run_state", "phase", "next_phase", "state",
                  "reason", "conditions", "decided_at", "decided_by", "created_at", "version"]  # fmt: skip
        read_only_fields = fields


class GateDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approved", "conditional", "rejected"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    conditions_due = serializers.DateField(required=False, allow_null=True, default=None)
    version = version_field()
