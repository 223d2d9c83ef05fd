"""Writes on lessons: create, edit, publish, retire, merge. Every rule about a lesson is checked here, on the locked
row, and every change is audited (on the source project's history when there is one).

Votes and view counts are in ``knowledge.services.feedback``; attachments in ``.attachments``; promotion into a
checklist in ``.promotion``; the closing guard in ``.closing``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import InvalidTransition, NotAllowed, RuleError, Rules
from core.locking import apply_update, check_version, lock
from core.unset import UNSET, given
from knowledge import permissions, search
from knowledge.models import Lesson, LessonState
from knowledge.services.tags import check_tags, parse_tags, tags_for
from projects.models import Project

#: The lesson's own fields, in the order forms and the API show them.
LESSON_FIELDS = [
    "kind",
    "title",
    "situation",
    "what_happened",
    "root_cause",
    "recommendation",
    "dimension",
    "phase",
    "project_type",
    "source_project",
    "anonymised",
]
SECTION_FIELDS = ["situation", "what_happened", "root_cause", "recommendation"]


def search_text_of(lesson: Lesson, tag_names: list[str]) -> str:
    """The one column the search reads: title, the four sections and the tags, in lower case (``knowledge.search``)."""
    parts = [lesson.title, *(getattr(lesson, f) for f in SECTION_FIELDS), " ".join(tag_names)]
    return search.normalise("\n".join(p for p in parts if p))


def _check_fields(rules: Rules, lesson: Lesson) -> None:
    """The model's own field rules (choices, lengths), and a title that says something."""
    exclude = ["author", "merged_into", "search_text"]
    if not (lesson.title or "").strip():
        rules.add("title", _("Give the lesson a title."))
        exclude.append("title")
    try:
        lesson.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        rules.extend(exc)


def _check_source_project(rules: Rules, actor, project: Project | None, *, unchanged_id: int | None = None) -> None:
    """A lesson comes from a project its author may see (an unchanged project stays, whoever edits)."""
    if project is None or project.pk == unchanged_id:
        return
    if not Project.objects.restrict(actor, "view").filter(pk=project.pk).exists():
        rules.add("source_project", _("Choose a project you can see."))


def _check_publishable(rules: Rules, lesson: Lesson) -> None:
    """What a published lesson must say: what happened and what to do next time."""
    rules.check(
        bool((lesson.what_happened or "").strip()),
        "what_happened",
        _("Describe what happened before publishing the lesson."),
    )
    rules.check(
        bool((lesson.recommendation or "").strip()),
        "recommendation",
        _("Write a recommendation before publishing the lesson."),
    )


def _check_anonymise(rules: Rules, actor, *, anonymised: bool, was: bool) -> None:
    if anonymised != was and not permissions.can_curate(actor):
        rules.add("anonymised", _("Only the PMO can publish a lesson anonymised."))


def _tag_names(lesson: Lesson) -> list[str]:
    return [t.name for t in lesson.tags.all()]


def _save_search_text(lesson: Lesson, tag_names: list[str]) -> None:
    lesson.search_text = search_text_of(lesson, tag_names)
    Lesson.objects.filter(pk=lesson.pk).update(search_text=lesson.search_text)
    search.remember_words(lesson.search_text)


@transaction.atomic
def create_lesson(
    *,
    actor,
    title: str,
    kind: str = "lesson",
    situation: str = "",
    what_happened: str = "",
    root_cause: str = "",
    recommendation: str = "",
    dimension: str = "",
    phase: str = "",
    project_type: str = "",
    source_project: Project | None = None,
    tags: list[str] | str | None = None,
    anonymised: bool = False,
    publish: bool = False,
) -> Lesson:
    """A new lesson by ``actor`` (a draft, or published at once with ``publish``). Without a project type, the
    source project's type is taken."""
    if not permissions.may_write_lessons(actor):
        raise NotAllowed(_("You may not write lessons."))
    if source_project is not None and not project_type:
        project_type = source_project.project_type
    lesson = Lesson(
        kind=kind,
        title=(title or "").strip(),
        situation=situation,
        what_happened=what_happened,
        root_cause=root_cause,
        recommendation=recommendation,
        dimension=dimension,
        phase=phase,
        project_type=project_type,
        source_project=source_project,
        anonymised=anonymised,
        author=actor,
        updated_by=actor,
    )
    names = parse_tags(tags)
    rules = Rules()
    _check_fields(rules, lesson)
    _check_source_project(rules, actor, source_project)
    _check_anonymise(rules, actor, anonymised=anonymised, was=False)
    check_tags(rules, names)
    if publish:
        _check_publishable(rules, lesson)
        lesson.state = LessonState.PUBLISHED
        lesson.published_at = timezone.now()
    rules.raise_if_any()
    lesson.search_text = search_text_of(lesson, names)
    lesson.save()
    search.remember_words(lesson.search_text)
    lesson.tags.set(tags_for(names))
    created = audit.snapshot(lesson, [*LESSON_FIELDS, "state"])
    changes = {k: [None, v] for k, v in created.items() if v not in (None, "", False)}
    if names:
        changes["tags"] = [None, ", ".join(names)]
    audit.record(project=source_project, actor=actor, action="create", obj=lesson, changes=changes)
    return lesson


@transaction.atomic
def update_lesson(
    *,
    actor,
    lesson: Lesson,
    expected_version: int | None,
    kind: str = UNSET,
    title: str = UNSET,
    situation: str = UNSET,
    what_happened: str = UNSET,
    root_cause: str = UNSET,
    recommendation: str = UNSET,
    dimension: str = UNSET,
    phase: str = UNSET,
    project_type: str = UNSET,
    source_project: Project | None = UNSET,
    anonymised: bool = UNSET,
    tags: list[str] | str = UNSET,
) -> Lesson:
    """Change a draft or published lesson (only the fields passed): its author or the PMO."""
    current = lock(lesson)
    if not permissions.can_view_lesson(actor, current) or not permissions.can_edit_lesson(actor, current):
        raise NotAllowed(_("You may not change this lesson."))
    check_version(current, expected_version)
    passed = given(
        kind=kind,
        title=title.strip() if isinstance(title, str) else title,
        situation=situation,
        what_happened=what_happened,
        root_cause=root_cause,
        recommendation=recommendation,
        dimension=dimension,
        phase=phase,
        project_type=project_type,
        source_project=source_project,
        anonymised=anonymised,
    )
    candidate = Lesson(**{f.attname: getattr(current, f.attname) for f in Lesson._meta.concrete_fields})
    candidate._state.adding = False
    for key, value in passed.items():
        setattr(candidate, key, value)
    rules = Rules()
    _check_fields(rules, candidate)
    if "source_project" in passed:
        _check_source_project(rules, actor, passed["source_project"], unchanged_id=current.source_project_id)
    if "anonymised" in passed:
        _check_anonymise(rules, actor, anonymised=bool(passed["anonymised"]), was=current.anonymised)
    old_names = _tag_names(current)
    names = parse_tags(tags) if tags is not UNSET else old_names
    check_tags(rules, names)
    if current.state == LessonState.PUBLISHED:
        _check_publishable(rules, candidate)
    rules.raise_if_any()
    tags_changed = [n.casefold() for n in names] != [n.casefold() for n in old_names]
    comment = ""
    if tags_changed:
        lesson.tags.set(tags_for(names))
        comment = _("Tags: %(tags)s") % {"tags": ", ".join(names) or "—"}
    project = passed.get("source_project", current.source_project)
    apply_update(
        obj=lesson, actor=actor, project=project, data=passed, expected_version=None, locked=current, comment=comment
    )
    _save_search_text(lesson, names)
    return lesson


@transaction.atomic
def publish_lesson(*, actor, lesson: Lesson, expected_version: int | None, anonymised: bool = UNSET) -> Lesson:
    """A draft becomes readable by everyone with a role (its author or the PMO; anonymising is the PMO's)."""
    current = lock(lesson)
    if not permissions.can_view_lesson(actor, current) or not permissions.can_edit_lesson(actor, current):
        raise NotAllowed(_("You may not publish this lesson."))
    check_version(current, expected_version)
    if current.state != LessonState.DRAFT:
        raise InvalidTransition(_("Only a draft can be published."), field="state")
    rules = Rules()
    data = {"state": LessonState.PUBLISHED, "published_at": timezone.now()}
    if anonymised is not UNSET:
        _check_anonymise(rules, actor, anonymised=bool(anonymised), was=current.anonymised)
        data["anonymised"] = bool(anonymised)
    _check_publishable(rules, current)
    rules.raise_if_any()
    apply_update(
        obj=lesson,
        actor=actor,
        project=current.source_project_id,
        data=data,
        expected_version=None,
        locked=current,
        action="publish",
    )
    return lesson


@transaction.atomic
def retire_lesson(*, actor, lesson: Lesson, expected_version: int | None, reason: str = "") -> Lesson:
    """Out of search and suggestions, still readable at its address (the PMO, or the author of their own)."""
    current = lock(lesson)
    if not permissions.can_view_lesson(actor, current) or not permissions.can_edit_lesson(actor, current):
        raise NotAllowed(_("You may not retire this lesson."))
    check_version(current, expected_version)
    if current.state not in permissions.EDITABLE_STATES:
        raise InvalidTransition(_("This lesson is already retired."), field="state")
    if not reason.strip():
        raise RuleError(_("Say why the lesson is retired."), field="reason")
    apply_update(
        obj=lesson,
        actor=actor,
        project=current.source_project_id,
        data={"state": LessonState.RETIRED},
        expected_version=None,
        locked=current,
        action="retire",
        comment=reason.strip(),
    )
    return lesson


@transaction.atomic
def merge_lesson(*, actor, lesson: Lesson, into: Lesson, expected_version: int | None, reason: str = "") -> Lesson:
    """The PMO merges a duplicate into the surviving lesson: the duplicate is kept, points to the survivor and
    redirects there; lessons merged into the duplicate earlier now point to the survivor (no chains)."""
    if not permissions.can_curate(actor):
        raise NotAllowed(_("Only the PMO can merge lessons."))
    first, second = sorted([lesson, into], key=lambda obj: obj.pk)  # one lock order, whichever way round
    locked = {first.pk: lock(first), second.pk: lock(second)} if lesson.pk != into.pk else {lesson.pk: lock(lesson)}
    current = locked[lesson.pk]
    check_version(current, expected_version)
    survivor = locked[into.pk]
    if current.state not in permissions.EDITABLE_STATES:
        raise InvalidTransition(_("A retired or merged lesson cannot be merged."), field="state")
    rules = Rules()
    rules.check(survivor.pk != current.pk, "into", _("A lesson cannot be merged into itself."))
    rules.check(
        survivor.state == LessonState.PUBLISHED, "into", _("Merge into a published lesson (the one that stays).")
    )
    rules.raise_if_any()
    apply_update(
        obj=lesson,
        actor=actor,
        project=current.source_project_id,
        data={"state": LessonState.MERGED, "merged_into": survivor},
        expected_version=None,
        locked=current,
        action="merge",
        comment=reason.strip(),
    )
    for earlier in Lesson.objects.select_for_update().filter(merged_into=current).exclude(pk=current.pk):
        apply_update(
            obj=earlier,
            actor=actor,
            project=earlier.source_project_id,
            data={"merged_into": survivor},
            expected_version=None,
            locked=earlier,
            action="merge",
        )
    return lesson
