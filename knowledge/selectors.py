"""Reads of the knowledge app: the only way its views, API, tasks and other apps read it.

Every queryset starts from ``Lesson.objects.restrict(user, "view")`` and adds the joins its page needs, so that a
page's query count does not grow with its rows. ``source_visible`` (annotated) says whether the user may see the
lesson's project: an anonymised lesson of a confidential project hides it from the others.
"""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core import roles
from knowledge import permissions, search
from knowledge.models import ClosureSkip, Lesson, LessonAttachment, LessonRollout, LessonState, LessonVote, Tag
from projects.models import Project

PANEL_SIZE = 5


def _source_visible(user):
    if roles.sees_everything(user):
        return Value(True, output_field=BooleanField())
    return Case(
        When(Q(source_project__in=permissions.visible_project_ids(user)), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def lessons(user) -> QuerySet[Lesson]:
    """Every lesson ``user`` may read, with author, project and tags loaded and ``source_visible``."""
    return (
        Lesson.objects.restrict(user, "view")
        .select_related("author", "source_project")
        .prefetch_related("tags")
        .annotate(source_visible=_source_visible(user))
    )


def search_lessons(user, query: str, *, queryset: QuerySet[Lesson] | None = None) -> QuerySet[Lesson]:
    """The lessons matching ``query``, best first (``knowledge.search``); ``queryset`` is an already filtered
    ``lessons(user)`` (the FilterSet's)."""
    return search.search(queryset if queryset is not None else lessons(user), query)


def lesson_for(user, pk: int) -> Lesson | None:
    """The lesson with ``pk`` if ``user`` may read it (None for a missing or hidden one alike)."""
    return lessons(user).select_related("merged_into", "updated_by").filter(pk=pk).first()


def attachments(lesson: Lesson) -> list[LessonAttachment]:
    return list(lesson.attachments.filter(removed_at__isnull=True).select_related("uploaded_by"))


def rollouts(lesson: Lesson) -> list[LessonRollout]:
    """Where the lesson was rolled out, newest first, each with its checklist, item and version."""
    return list(
        LessonRollout.objects.filter(lesson=lesson).select_related(
            "checklist", "checklist_item__checklist_version", "promoted_by"
        )
    )


def projects_reusing(lesson: Lesson) -> int:
    """How many projects have run a checklist version holding an item made from the lesson (traced reuse)."""
    from standards import selectors as standards_selectors

    return standards_selectors.projects_running_source(lesson.source_key)


def my_vote(user, lesson: Lesson) -> bool | None:
    vote = LessonVote.objects.filter(lesson=lesson, user=user).values_list("helpful", flat=True).first()
    return vote


def merged_here(user, lesson: Lesson) -> list[Lesson]:
    """The duplicates merged into ``lesson`` that ``user`` may read."""
    return list(Lesson.objects.restrict(user, "view").filter(merged_into=lesson).only("pk", "title"))


def tag_choices(user) -> list[str]:
    """The tags in use on lessons ``user`` may read, most used first (for the filter's suggestions)."""
    visible = Lesson.objects.restrict(user, "view").filter(state=LessonState.PUBLISHED)
    return list(
        Tag.objects.restrict(user)
        .filter(lessons__in=visible)
        .annotate(n=Count("lessons"))
        .order_by("-n", "key")
        .values_list("name", flat=True)[:50]
    )


def source_project_choices(user, *, keep: int | None = None) -> QuerySet[Project]:
    """Projects a lesson may name as its source: those ``user`` may see, plus ``keep`` (the lesson's current project,
    which an edit may leave as it is even if its author can no longer see it; the service allows exactly that)."""
    visible = Q(pk__in=permissions.visible_project_ids(user))
    if keep:
        visible |= Q(pk=keep)
    return Project.objects.filter(visible).only("pk", "code", "name").order_by("code")


def merge_candidates(user, lesson: Lesson) -> QuerySet[Lesson]:
    """Published lessons a duplicate may be merged into."""
    return (
        Lesson.objects.restrict(user, "view")
        .filter(state=LessonState.PUBLISHED)
        .exclude(pk=lesson.pk)
        .only("pk", "title")
        .order_by("title")
    )


# --- The project panel and the closing page ------------------------------------------------------------------------


def project_tags(project: Project) -> list[str]:
    """The tags of the project's own lessons (a project has no tags of its own)."""
    return list(
        Tag.objects.filter(lessons__source_project=project).distinct().order_by("key").values_list("key", flat=True)
    )


def relevant_lessons(user, project: Project, *, limit: int = PANEL_SIZE) -> list[Lesson]:
    """Published lessons for ``project``, best first: same project type (3), current phase (2), each shared tag (1),
    then helpful and recent. Lessons of the project itself are left out; at least one criterion must match.

    Two queries whatever the number of lessons (the tags of the project, then the ranked lessons with their tags)."""
    keys = project_tags(project)
    shared = Lesson.tags.through.objects.filter(lesson_id=OuterRef("pk"), tag__key__in=keys)
    score = Case(
        When(project_type=project.project_type, then=Value(3)), default=Value(0), output_field=IntegerField()
    ) + Case(When(phase=project.phase, then=Value(2)), default=Value(0), output_field=IntegerField())
    qs = (
        Lesson.objects.restrict(user, "view")
        .filter(state=LessonState.PUBLISHED)
        .exclude(source_project=project)
        .select_related("author")
        .prefetch_related("tags")
    )
    if keys:
        tag_count = (
            Lesson.tags.through.objects.filter(lesson_id=OuterRef("pk"), tag__key__in=keys)
            .order_by()
            .values("lesson_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = qs.annotate(tag_score=Coalesce(Subquery(tag_count, output_field=IntegerField()), Value(0)))
        matches = Q(project_type=project.project_type) | Q(phase=project.phase) | Q(Exists(shared))
    else:
        qs = qs.annotate(tag_score=Value(0, output_field=IntegerField()))
        matches = Q(project_type=project.project_type) | Q(phase=project.phase)
    return list(
        qs.filter(matches)
        .annotate(relevance=score + F("tag_score"))
        .order_by("-relevance", "-helpful_count", "-published_at", "-pk")[:limit]
    )


def closing_lessons(user, project: Project) -> list[Lesson]:
    """The project's own lessons ``user`` may read (any state but merged), for the closing page."""
    return list(
        Lesson.objects.restrict(user, "view")
        .filter(source_project=project)
        .exclude(state=LessonState.MERGED)
        .select_related("author")
        .order_by("-created_at")
    )


def closing_skip(project: Project) -> ClosureSkip | None:
    return ClosureSkip.objects.filter(project=project).select_related("skipped_by").first()


# --- The home panel ---------------------------------------------------------------------------------------------------


def projects_awaiting_lessons(user) -> list[Project]:
    """The closing-phase projects ``user`` manages that have neither a lesson nor a recorded skip (one query)."""
    from projects.models import Phase, ProjectState
    from projects.permissions import project_q

    lesson = Lesson.objects.filter(source_project=OuterRef("pk"), state__in=(LessonState.DRAFT, LessonState.PUBLISHED))
    skip = ClosureSkip.objects.filter(project=OuterRef("pk"))
    return list(
        Project.objects.filter(project_q(user, "change"))
        .filter(phase=Phase.CLOSURE)
        .exclude(state__in=(ProjectState.CLOSED, ProjectState.CANCELLED))
        .exclude(Exists(lesson))
        .exclude(Exists(skip))
        .only("pk", "code", "name")
        .order_by("code")[:10]
    )


def my_drafts(user) -> list[Lesson]:
    return list(Lesson.objects.filter(author=user, state=LessonState.DRAFT).only("pk", "title").order_by("-pk")[:5])


def latest_lessons(user, *, limit: int = 5) -> list[Lesson]:
    return list(
        Lesson.objects.restrict(user, "view")
        .filter(state=LessonState.PUBLISHED)
        .only("pk", "title", "kind", "published_at")
        .order_by("-published_at", "-pk")[:limit]
    )
