"""Serializer pieces shared by the projects API: usernames, versions, the acting user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.locking import VERSION_REQUIRED

User = get_user_model()

VERSION_HELP = _(
    "Optimistic locking: the version you read. Send it with a change; if someone saved the object since, "
    "the change is refused with 409."
)


def _actor(serializer: serializers.BaseSerializer):
    return serializer.context["request"].user


class UsernameField(serializers.SlugRelatedField):
    """A user written and read as their username (active users only when written)."""

    default_error_messages = {
        "does_not_exist": _("There is no active user with the username “{value}”."),
        "invalid": _("Enter a username."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)


def _version_field() -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


def required_version_field() -> serializers.IntegerField:
    """``version`` as an update needs it: missing, it gets the services' one message for that rule."""
    return serializers.IntegerField(
        min_value=1,
        help_text=VERSION_HELP,
        error_messages={"required": VERSION_REQUIRED, "null": VERSION_REQUIRED},
    )


class VersionedSerializerMixin:
    """``version`` is read on every object and required on every update (PUT / PATCH): a change without the
    version you read would let concurrent writers overwrite each other unnoticed."""

    def get_fields(self):
        fields = super().get_fields()
        if "version" in fields and isinstance(getattr(self, "instance", None), models.Model):
            fields["version"] = required_version_field()
        return fields


def without_model_validators(*names: str) -> dict[str, dict]:
    """``extra_kwargs`` that leave a model field's rules (format, uniqueness) to the service, so the API answers
    with the service's field and words."""
    return {name: {"validators": []} for name in names}


class RagField(serializers.ChoiceField):
    """A RAG (green / amber / red), read-only; ``null`` when there is none yet (never ``""``, outside its enum)."""

    def __init__(self, **kwargs):
        from projects.models import Rag

        kwargs.update(choices=Rag.choices, read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None
