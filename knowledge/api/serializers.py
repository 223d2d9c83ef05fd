"""Serializers of the knowledge API. They parse and shape; ``knowledge.services`` decides every rule.

``source_project`` is written as a project id (only projects the user may see are accepted: an invisible one is
"does not exist", like a missing one) and read as ``null`` when the user may not see the project (an anonymised
lesson of a confidential project). ``tags`` is a list of names.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.locking import VERSION_REQUIRED
from core.people import display_name
from knowledge.models import Lesson

VERSION_HELP = _("Optimistic locking: the version you read; a stale one is refused with 409.")


def _version(required: bool = True) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        required=required,
        help_text=VERSION_HELP,
        error_messages={"required": VERSION_REQUIRED, "null": VERSION_REQUIRED},
    )


class VisibleProjectField(serializers.PrimaryKeyRelatedField):
    """A project the user may see (or the lesson's current one, which an edit may keep)."""

    def get_queryset(self):
        from knowledge import selectors

        lesson = getattr(self.parent, "instance", None)
        keep = lesson.source_project_id if isinstance(lesson, Lesson) else None
        return selectors.source_project_choices(self.context["request"].user, keep=keep)


class TagsField(serializers.ListField):
    """Tags written as a list of names, read from the lesson's (prefetched) tags."""

    child = serializers.CharField(max_length=100)

    def to_representation(self, data):
        if hasattr(data, "all"):
            return [tag.name for tag in data.all()]
        return super().to_representation(data)


class LessonSerializer(serializers.ModelSerializer):
    """A lesson as read (and the shape of create / update bodies)."""

    tags = TagsField(required=False, help_text=_("Tag names."))
    source_project = VisibleProjectField(required=False, allow_null=True)
    source_project_code = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    author_name = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    publish = serializers.BooleanField(write_only=True, required=False, default=False,
                                       help_text=_("On create: publish at once instead of saving a draft."))  # fmt: skip
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Lesson
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "situation",
            "what_happened",
            "root_cause",
            "recommendation",
            "dimension",
            "phase",
            "project_type",
            "tags",
            "source_project",
            "source_project_code",
            "anonymised",
            "author",
            "author_name",
            "state",
            "merged_into",
            "helpful_count",
            "unhelpful_count",
            "view_count",
            "published_at",
            "created_at",
            "updated_at",
            "version",
            "publish",
        ]
        read_only_fields = [
            "state",
            "merged_into",
            "helpful_count",
            "unhelpful_count",
            "view_count",
            "published_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if isinstance(self.instance, Lesson) and request is not None and request.method in ("PUT", "PATCH"):
            fields["version"] = _version()  # required on every update
        return fields

    def _source_visible(self, obj) -> bool:
        visible = getattr(obj, "source_visible", None)
        if visible is None:
            from knowledge import permissions

            return permissions.can_see_source_project(self.context["request"].user, obj)
        return bool(visible)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._source_visible(instance):
            data["source_project"] = None
        return data

    def get_source_project_code(self, obj) -> str | None:
        if obj.source_project_id is None or not self._source_visible(obj):
            return None
        return obj.source_project.code

    def get_author(self, obj) -> str:
        return obj.author.username

    def get_author_name(self, obj) -> str:
        return display_name(obj.author)

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def service_data(self) -> dict:
        """The validated body as the services' keyword arguments (only what was sent)."""
        data = dict(self.validated_data)
        data.pop("version", None)
        data.pop("publish", None)
        return data


class VersionSerializer(serializers.Serializer):
    version = _version()


class PublishSerializer(VersionSerializer):
    anonymised = serializers.BooleanField(required=False)


class RetireSerializer(VersionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class MergeSerializer(VersionSerializer):
    into = serializers.IntegerField(help_text=_("The id of the lesson that stays."))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class VoteSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()


class PromoteSerializer(serializers.Serializer):
    checklist = serializers.CharField(help_text=_("The checklist's code (e.g. DELIVERY-PRECHECK) or id."))
    text = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    guidance = serializers.CharField(required=False, allow_blank=True, allow_null=True, default=None)
    required = serializers.BooleanField(required=False, default=False)


class RolloutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    lesson = serializers.IntegerField(source="lesson_id")
    checklist = serializers.CharField(source="checklist.code")
    checklist_item = serializers.IntegerField(source="checklist_item_id")
    checklist_version = serializers.IntegerField(source="checklist_item.checklist_version.number")
    promoted_by = serializers.CharField(source="promoted_by.username")
    promoted_at = serializers.DateTimeField()


class RolloutsSerializer(serializers.Serializer):
    rollouts = RolloutSerializer(many=True)
    reuse = serializers.IntegerField(help_text=_("Projects that have run a checklist version holding the lesson."))
