"""Lessons (教訓・成功パターン・失敗事例・Tips), their tags, votes and attachments.

Invariants:

* A lesson is never deleted. It is ``draft`` (its author and the PMO see it), ``published`` (everyone with a role
  reads it, subject to its source project's confidentiality), ``retired`` (kept, out of search) or ``merged``
  (``merged_into`` names the surviving lesson, and its page redirects there; no chains: merging into a lesson
  re-points the lessons merged into the one being merged).
* A lesson of a confidential project is visible only to those who may see the project, unless the PMO marked it
  ``anonymised``: then everyone with a role reads it, and the project is shown only to those who may see it.
* ``search_text`` is the title, the four sections and the tags in one column, rewritten by the services on every
  change (``knowledge.services.lessons``); the PostgreSQL trigram indexes of migration 0001 cover it and ``title``.
* ``helpful_count`` / ``unhelpful_count`` equal the lesson's votes; ``view_count`` only grows (an ``F()`` update).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from knowledge.models.choices import Dimension, LessonKind, LessonState
from knowledge.querysets import LessonChildQuerySet, LessonQuerySet, TagQuerySet
from projects.models import Phase, ProjectType


class Tag(models.Model):
    """A free tag; ``key`` is the case-folded name (one tag per spelling, whatever the case)."""

    name = models.CharField(_("name"), max_length=40)
    key = models.CharField(max_length=40, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Lesson(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=LessonKind.choices, default=LessonKind.LESSON)
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(_("situation"), blank=True)
    what_happened = models.TextField(_("what happened"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    recommendation = models.TextField(_("recommendation"), blank=True)
    dimension = models.CharField(_("affected dimension"), max_length=16, choices=Dimension.choices, blank=True)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, blank=True)
    project_type = models.CharField(_("project type"), max_length=32, choices=ProjectType.choices, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="lessons", verbose_name=_("tags"))
    source_project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("source project"),
    )
    anonymised = models.BooleanField(
        _("anonymised"),
        default=False,
        help_text=_("Readable by everyone with a role; the confidential source project stays hidden."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("author")
    )
    state = models.CharField(_("state"), max_length=16, choices=LessonState.choices, default=LessonState.DRAFT)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_lessons"
    )
    search_text = models.TextField(blank=True, editable=False)
    helpful_count = models.PositiveIntegerField(_("helpful"), default=0)
    unhelpful_count = models.PositiveIntegerField(_("not helpful"), default=0)
    view_count = models.PositiveIntegerField(_("views"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [
            models.Index(fields=["state", "-published_at"], name="lesson_state_published"),
            models.Index(fields=["project_type", "phase"], name="lesson_type_phase"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=LessonState.MERGED, merged_into__isnull=False)
                | (~Q(state=LessonState.MERGED) & Q(merged_into__isnull=True)),
                name="lesson_merged_has_survivor",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("knowledge:detail", kwargs={"pk": self.pk})

    @property
    def source_key(self) -> str:
        """How a checklist item promoted from this lesson names it (``standards`` traces reuse by it)."""
        return f"knowledge.lesson:{self.pk}"

    @property
    def is_published(self) -> bool:
        return self.state == LessonState.PUBLISHED


class LessonVote(models.Model):
    """ "Was this helpful?": one per user and lesson, changeable (``helpful`` true or false)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_votes")
    helpful = models.BooleanField(_("helpful"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LessonChildQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "user"], name="lesson_vote_unique")]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.lesson_id}: {self.helpful}"


class LessonAttachment(models.Model):
    """A file attached to a lesson (checked and stored by ``core.uploads``). Removing one hides it; the row and the
    file stay."""

    lesson = models.ForeignKey(Lesson, on_delete=models.PROTECT, related_name="attachments")
    file = models.CharField(max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LessonChildQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class SearchWord(models.Model):
    """Every distinct English word (3+ letters, lower case) of the lessons' text: the dictionary a misspelt query
    word is corrected against (pg_trgm similarity on short words, GIN-indexed; migration 0002). Kept by the services
    (``knowledge.search.remember_words``); a word is never removed (a stale one only costs a row)."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
