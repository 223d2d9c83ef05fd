"""Who may do what with the knowledge base: decided here and nowhere else (pages, API and services ask these).

* Reading: everyone with a role reads published (and retired or merged) lessons, except lessons of a confidential
  project, which only those who may see that project read, unless the PMO published them anonymised. Authors
  always read their own lessons, drafts included. The PMO reads everything (it curates).
* Writing: PMs, members and the PMO write lessons; an author edits and publishes their own draft or published
  lesson; the PMO edits, publishes, anonymises, merges, retires and promotes any lesson. Executives read.
* Votes: anyone with a role who reads a published lesson, except its author.
"""

from __future__ import annotations

from django.db.models import Q

from core import roles
from knowledge.models.choices import LessonState
from projects import permissions as project_permissions

VIEW = "view"
CHANGE = "change"
READABLE_STATES = (LessonState.PUBLISHED, LessonState.RETIRED, LessonState.MERGED)
EDITABLE_STATES = (LessonState.DRAFT, LessonState.PUBLISHED)


def _no_rows() -> Q:
    return Q(pk__in=[])


def visible_project_ids(user):
    """A subquery of the ids of the projects ``user`` may see (``projects.permissions`` decides)."""
    from projects.models import Project

    return Project.objects.restrict(user, VIEW).values("pk")


def lesson_q(user, action: str = VIEW, *, prefix: str = "") -> Q:
    """The filter on Lesson (or, with ``prefix="lesson__"``, on a model pointing at one) for ``user``."""
    if action not in (VIEW, CHANGE):
        raise ValueError(f"unknown action {action!r}")
    if not roles.has_any_role(user):
        return _no_rows()
    p = prefix
    if action == VIEW:
        if roles.is_pmo(user):
            return Q()
        own = Q(**{f"{p}author": user})
        readable = Q(**{f"{p}state__in": READABLE_STATES})
        if roles.sees_everything(user):
            return readable | own
        project_ok = (
            Q(**{f"{p}source_project__isnull": True})
            | Q(**{f"{p}anonymised": True})
            | Q(**{f"{p}source_project__in": visible_project_ids(user)})
        )
        return (readable & project_ok) | own
    if roles.is_pmo(user):
        return Q(**{f"{p}state__in": EDITABLE_STATES})
    if may_write_lessons(user):
        return Q(**{f"{p}author": user, f"{p}state__in": EDITABLE_STATES})
    return _no_rows()


def tag_q(user, action: str = VIEW) -> Q:
    """Tags are shared words: everyone with a role reads them; they change only through lessons."""
    if action == VIEW and roles.has_any_role(user):
        return Q()
    return _no_rows()


# --- Object-level questions ---------------------------------------------------------------------------------------


def may_write_lessons(user) -> bool:
    return roles.is_pmo(user) or roles.is_pm(user) or roles.is_member(user)


def can_curate(user) -> bool:
    """Merge, retire, anonymise, promote: the PMO."""
    return roles.is_pmo(user)


def can_view_lesson(user, lesson) -> bool:
    if not roles.has_any_role(user):
        return False
    if roles.is_pmo(user) or lesson.author_id == user.pk:
        return True
    if lesson.state not in READABLE_STATES:
        return False
    if lesson.source_project_id is None or lesson.anonymised:
        return True
    return project_permissions.can_view_project(user, lesson.source_project)


def can_edit_lesson(user, lesson) -> bool:
    if lesson.state not in EDITABLE_STATES:
        return False
    if roles.is_pmo(user):
        return True
    return may_write_lessons(user) and lesson.author_id == user.pk


def can_publish_lesson(user, lesson) -> bool:
    return lesson.state == LessonState.DRAFT and can_edit_lesson(user, lesson)


def can_retire_lesson(user, lesson) -> bool:
    """The PMO retires any lesson; an author withdraws their own."""
    return lesson.state in EDITABLE_STATES and can_edit_lesson(user, lesson)


def can_merge_lesson(user, lesson) -> bool:
    return can_curate(user) and lesson.state in EDITABLE_STATES


def can_vote(user, lesson) -> bool:
    return (
        roles.has_any_role(user)
        and lesson.state == LessonState.PUBLISHED
        and lesson.author_id != user.pk
        and can_view_lesson(user, lesson)
    )


def can_promote(user, lesson) -> bool:
    return can_curate(user) and lesson.state == LessonState.PUBLISHED


def can_see_source_project(user, lesson) -> bool:
    """Whether the page may name the lesson's project (an anonymised lesson hides it from outsiders)."""
    project = lesson.source_project
    return project is not None and project_permissions.can_view_project(user, project)


def can_record_closure(user, project) -> bool:
    """Write the closing lesson or record the skip: those who may manage the project (its PM, deputy, the PMO)."""
    return project_permissions.can_manage_project(user, project)
