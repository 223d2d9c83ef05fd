"""The knowledge share of seed_demo (through the services) and the bulk ``seed_lessons`` command."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command

from core import roles
from core.models import AuditEntry
from knowledge import demo, selectors
from knowledge.models import Lesson, LessonRollout, LessonState, LessonVote
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture
def demo_world(db):
    for name, role in (("pmo", roles.PMO), ("exec", roles.EXECUTIVE), ("pm1", roles.PM), ("pm2", roles.PM),
                       ("member1", roles.MEMBER), ("member2", roles.MEMBER)):  # fmt: skip
        user_with_role(role, name)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    ProjectFactory(code="PRJ-D-001", name="販売管理システム刷新", pm=users.get(username="pm1"))
    ProjectFactory(code="PRJ-D-002", name="Data Platform Migration", pm=users.get(username="pm2"))
    ProjectFactory(code="PRJ-D-003", name="人事給与システム更改", pm=users.get(username="pm2"), confidential=True)


def test_the_demo_writes_sixty_lessons_each_in_its_projects_language(demo_world):
    counts = demo.build(today=None, seed=2026)
    lessons = list(Lesson.objects.select_related("source_project"))
    assert counts["Lessons"] == len(lessons) >= 60
    for lesson in lessons:
        if lesson.source_project is not None:
            assert bool(CJK.search(lesson.title)) == bool(CJK.search(lesson.source_project.name)), lesson.title
    assert {lesson.kind for lesson in lessons} == {"lesson", "success", "failure", "tip"}
    assert len({lesson.phase for lesson in lessons}) >= 6
    states = {lesson.state for lesson in lessons}
    assert {LessonState.PUBLISHED, LessonState.DRAFT, LessonState.MERGED, LessonState.RETIRED} <= states
    assert Lesson.objects.filter(anonymised=True, source_project__confidential=True).exists()
    assert LessonVote.objects.exists() and Lesson.objects.filter(view_count__gt=0).exists()
    assert not LessonRollout.objects.exists()  # the standards demo did not run: promotion is skipped quietly
    demo.reset()
    assert not Lesson.objects.exists() and not AuditEntry.objects.filter(app_label="knowledge").exists()


def test_seed_lessons_bulk_inserts_searchable_lessons_and_clears_them(make_lesson, reader):
    make_lesson("Kept")
    call_command("seed_lessons", count=120, stdout=StringIO())
    seeded = Lesson.objects.exclude(title="Kept")
    assert seeded.count() == 120
    assert (
        seeded.filter(title__regex=r"[ぁ-んァ-ン一-龥]").exists()
        and seeded.exclude(title__regex=r"[ぁ-んァ-ン一-龥]").exists()
    )
    found = selectors.search_lessons(reader, "要件定義")
    assert found.exists() and all("要件定義" in lesson.search_text for lesson in found)
    call_command("seed_lessons", count=0, clear=True, stdout=StringIO())
    assert list(Lesson.objects.values_list("title", flat=True)) == ["Kept"]
