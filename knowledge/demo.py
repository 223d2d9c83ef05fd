"""The knowledge base's share of ``seed_demo`` (registered with ``projects.extensions.register_demo``, order 20,
after the standards demo): 61 lessons — Japanese ones on the Japanese demo projects, English ones on the English
projects — across kinds, phases and types, a few drafts, an anonymised one on a confidential project, a merged
duplicate, a retired one, votes, views, and some rolled out into the standards demo's checklists (when that demo
made them; skipped quietly otherwise). Everything goes through the services.
"""

from __future__ import annotations

import random
import re

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import AuditEntry
from knowledge import services
from knowledge.demo_content import ENGLISH, JAPANESE
from knowledge.models import ClosureSkip, Lesson, LessonAttachment, LessonRollout, LessonState, LessonVote, Tag
from projects.models import Project

_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: (lesson title prefix, checklist code) rolled out when the standards demo made the checklist.
PROMOTIONS = (
    ("本番移行リハーサル", "DELIVERY-PRECHECK"),
    ("切り戻し手順", "DELIVERY-PRECHECK"),
    ("要件定義の合意が曖昧", "GATE-REQ"),
    ("Untested rollback", "DELIVERY-PRECHECK-EN"),
    ("Track the defect discovery curve", "WEEKLY-QUALITY-EN"),
    ("Non-functional requirements defined too late", "GATE-REQ-EN"),
)


def _is_japanese(project: Project) -> bool:
    return bool(_CJK.search(project.name))


def build(*, today, seed: int) -> dict[str, int]:
    rng = random.Random(seed + 20)  # noqa: S311 - demo data
    today = today or timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(is_active=True)}
    pmo = users.get("pmo")
    projects = list(Project.objects.select_related("pm").order_by("code"))
    if not projects or pmo is None:
        return {}
    ja_projects = [p for p in projects if _is_japanese(p)] or projects
    en_projects = [p for p in projects if not _is_japanese(p)] or projects
    made: list[Lesson] = []
    for texts, pool in ((JAPANESE, ja_projects), (ENGLISH, en_projects)):
        for index, (kind, phase, dimension, tags, title, happened, cause, advice) in enumerate(texts):
            project = pool[index % len(pool)]
            draft = index % 11 == 10
            lesson = services.create_lesson(
                actor=project.pm,
                kind=kind,
                title=title,
                what_happened=happened,
                root_cause=cause,
                recommendation=advice,
                dimension=dimension,
                phase=phase,
                project_type=project.project_type,
                source_project=project,
                tags=list(tags),
                publish=not draft and not project.confidential,
            )
            if lesson.state == LessonState.DRAFT and project.confidential and not draft:
                # The PMO publishes lessons of confidential projects anonymised, so everyone can learn from them.
                services.publish_lesson(actor=pmo, lesson=lesson, expected_version=lesson.version, anonymised=True)
            made.append(lesson)
    published = [lesson for lesson in made if Lesson.objects.get(pk=lesson.pk).state == LessonState.PUBLISHED]
    _feedback(rng, users, published)
    _promote(pmo, published)
    _curate(pmo, published)
    _backdate(today, made)
    return {"Lessons": Lesson.objects.count(), "Lesson votes": LessonVote.objects.count()}


def _backdate(today, made: list[Lesson]) -> None:
    """The demo's story: lessons were written over the last months (one every few days, oldest first), and the
    votes, views and curation followed in the last week, not at the moment the demo was built."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.conf import settings

    tz = ZoneInfo(settings.TIME_ZONE)
    recent = dt.datetime.combine(today - dt.timedelta(days=3), dt.time(11, 0), tzinfo=tz)
    AuditEntry.objects.filter(app_label="knowledge").update(at=recent)
    Lesson.objects.update(created_at=recent, updated_at=recent)
    Lesson.objects.exclude(published_at=None).update(published_at=recent)
    LessonVote.objects.update(created_at=recent, updated_at=recent)
    LessonRollout.objects.update(promoted_at=recent)
    for index, lesson in enumerate(reversed(made)):
        moment = dt.datetime.combine(today - dt.timedelta(days=7 + 3 * index), dt.time(10, 0), tzinfo=tz)
        Lesson.objects.filter(pk=lesson.pk).update(created_at=moment, updated_at=moment)
        Lesson.objects.filter(pk=lesson.pk).exclude(published_at=None).update(published_at=moment)
        AuditEntry.objects.filter(
            app_label="knowledge", object_type="lesson", object_id=lesson.pk, action="create"
        ).update(at=moment)


def _feedback(rng: random.Random, users: dict, published: list[Lesson]) -> None:
    voters = [users[name] for name in ("pm1", "pm2", "pm3", "pm4", "member1", "member2", "exec") if name in users]
    from knowledge import permissions

    for lesson in published:
        lesson = Lesson.objects.get(pk=lesson.pk)
        for voter in rng.sample(voters, k=min(len(voters), rng.randint(0, 5))):
            if permissions.can_vote(voter, lesson):
                services.vote(actor=voter, lesson=lesson, helpful=rng.random() < 0.85)
        for _ in range(rng.randint(0, 12)):
            viewer = rng.choice(voters) if voters else None
            services.record_view(lesson=lesson, viewer=viewer)


def _promote(pmo, published: list[Lesson]) -> None:
    from standards import selectors as standards_selectors

    for prefix, code in PROMOTIONS:
        checklist = standards_selectors.checklist_by_code(pmo, code)
        lesson = next((lesson for lesson in published if lesson.title.startswith(prefix)), None)
        if checklist is None or lesson is None:
            continue
        services.promote_lesson(actor=pmo, lesson=Lesson.objects.get(pk=lesson.pk), checklist=checklist)


def _curate(pmo, published: list[Lesson]) -> None:
    """One duplicate merged into its survivor, one outdated lesson retired: the curation history shows both."""
    survivor = next((lesson for lesson in published if lesson.title.startswith("Use a short code review")), None)
    if survivor is not None:
        duplicate = services.create_lesson(
            actor=pmo,
            kind="tip",
            title="Code review checklists per language",
            what_happened="Reviews missed the same defects repeatedly.",
            recommendation="Keep a short checklist per language.",
            phase="build",
            dimension="quality",
            tags=["code review"],
            publish=True,
        )
        services.merge_lesson(
            actor=pmo, lesson=duplicate, into=survivor, expected_version=duplicate.version, reason="Duplicate"
        )
    old = next((lesson for lesson in published if lesson.title.startswith("Agree a channel")), None)
    if old is not None:
        old = Lesson.objects.get(pk=old.pk)
        services.retire_lesson(
            actor=pmo, lesson=old, expected_version=old.version, reason="Superseded by the remote work guideline"
        )


def reset() -> None:
    """Delete every knowledge row (before the projects and standards demo rows they point to)."""
    LessonRollout.objects.all().delete()
    LessonVote.objects.all().delete()
    LessonAttachment.objects.all().delete()
    ClosureSkip.objects.all().delete()
    Lesson.objects.filter(merged_into__isnull=False).delete()
    Lesson.objects.all().delete()
    Tag.objects.all().delete()
    AuditEntry.objects.filter(app_label="knowledge").delete()
