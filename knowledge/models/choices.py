"""Choices of the knowledge base (SPEC.md, Knowledge base)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonKind(models.TextChoices):
    LESSON = "lesson", _("Lesson learned")
    SUCCESS = "success", _("Success pattern")
    FAILURE = "failure", _("Failure case")
    TIP = "tip", _("Tip")


class LessonState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")
    MERGED = "merged", _("Merged")


class Dimension(models.TextChoices):
    QUALITY = "quality", _("Quality")
    COST = "cost", _("Cost")
    DELIVERY = "delivery", _("Delivery")
    SCOPE = "scope", _("Scope")
    PEOPLE = "people", _("People")
