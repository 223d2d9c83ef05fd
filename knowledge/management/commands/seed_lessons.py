"""``python manage.py seed_lessons --count 10000``: many realistic lessons at once, for the search benchmark.

Bulk inserts (not the services: this is load data, not demo data) lessons mixing Japanese and English, built from
the demo lessons' sentences with varied wording, phases, types, tags, dates and votes, each in one language, and
attributed to the inactive user ``knowledge_seed`` (created when missing). ``--clear`` deletes what an earlier run
added (that user's lessons) and nothing else. On PostgreSQL it ends with ``VACUUM ANALYZE`` of the lesson tables.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from knowledge import search
from knowledge.demo_content import ENGLISH, JAPANESE
from knowledge.models import Lesson, LessonState, SearchWord, Tag
from knowledge.services.lessons import search_text_of
from projects.models import Phase, Project, ProjectType

SEED_USERNAME = "knowledge_seed"
BATCH = 1000
JA_OPENERS = ("前回の案件では", "今回のプロジェクトでは", "A社向け案件で", "基幹刷新の第2期で", "海外拠点展開で", "")
JA_CLOSERS = ("次回は計画段階で確認する。", "PMOへの早期報告が有効だった。", "チェックリストに追加を検討する。", "")
EN_OPENERS = ("On the previous release,", "In the second wave,", "For the regional rollout,", "During the pilot,", "")
EN_CLOSERS = (
    "Check it at planning next time.",
    "Early escalation to the PMO helped.",
    "Consider a checklist item.",
    "",
)


class Command(BaseCommand):
    help = "Bulk-insert realistic lessons (Japanese and English) for the knowledge search benchmark."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--clear", action="store_true", help="delete the lessons an earlier run added, first")

    def handle(self, *args, count: int, seed: int, clear: bool, **options) -> None:
        if count < 0 or count > 1_000_000:
            raise CommandError("--count must be between 0 and 1,000,000")
        author, _ = get_user_model().objects.get_or_create(
            username=SEED_USERNAME, defaults={"is_active": False, "first_name": "Seed", "last_name": "Knowledge"}
        )
        with transaction.atomic():
            if clear:
                seeded = Lesson.objects.filter(author=author)
                Lesson.tags.through.objects.filter(lesson__in=seeded).delete()
                seeded.delete()
            made = self.insert(count=count, seed=seed, author=author)
        if connection.vendor == "postgresql":
            # Merge the GIN indexes' pending lists and refresh the statistics, as autovacuum would after a bulk load:
            # until then the planner avoids the trigram indexes.
            # (Inside a transaction, e.g. a test, VACUUM is not allowed: ANALYZE only.)
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                cursor.execute(f"{verb} knowledge_lesson")
                cursor.execute(f"{verb} knowledge_searchword")
        self.stdout.write(f"{made} lessons added ({Lesson.objects.count()} in all).")

    def insert(self, *, count: int, seed: int, author) -> int:
        rng = random.Random(seed)  # noqa: S311 - load data
        projects = list(Project.objects.values_list("pk", "project_type"))
        now = timezone.now()
        tag_names = sorted({t for row in (*JAPANESE, *ENGLISH) for t in row[3]})
        tags = {t.key: t for t in Tag.objects.filter(key__in=[n.casefold() for n in tag_names])}
        for name in tag_names:
            if name.casefold() not in tags:
                tags[name.casefold()] = Tag.objects.create(name=name, key=name.casefold())
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            rows, row_tags = [], []
            for _ in range(size):
                japanese = rng.random() < 0.55
                kind, phase, dimension, names, title, happened, cause, advice = rng.choice(
                    JAPANESE if japanese else ENGLISH
                )
                opener, closer = (
                    (rng.choice(JA_OPENERS), rng.choice(JA_CLOSERS))
                    if japanese
                    else (rng.choice(EN_OPENERS), rng.choice(EN_CLOSERS))
                )
                number = rng.randint(1, 999)
                lesson = Lesson(
                    kind=kind,
                    title=f"{title}({number})" if japanese else f"{title} ({number})",
                    what_happened=f"{opener}{happened}" if japanese else f"{opener} {happened}".strip(),
                    root_cause=cause,
                    recommendation=f"{advice}{closer}" if japanese else f"{advice} {closer}".strip(),
                    dimension=dimension,
                    phase=phase if rng.random() < 0.8 else rng.choice(Phase.values),
                    project_type=rng.choice(ProjectType.values),
                    author=author,
                    state=LessonState.PUBLISHED if rng.random() < 0.95 else LessonState.DRAFT,
                    helpful_count=rng.randint(0, 25),
                    unhelpful_count=rng.randint(0, 3),
                    view_count=rng.randint(0, 400),
                )
                if projects and rng.random() < 0.7:
                    lesson.source_project_id, lesson.project_type = rng.choice(projects)
                if lesson.state == LessonState.PUBLISHED:
                    lesson.published_at = now - dt.timedelta(days=rng.randint(0, 5 * 365))
                lesson.search_text = search_text_of(lesson, list(names))
                rows.append(lesson)
                row_tags.append(names)
            created = Lesson.objects.bulk_create(rows)
            words = set().union(*(search.words_of(lesson.search_text) for lesson in created))
            SearchWord.objects.bulk_create([SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True)
            Lesson.tags.through.objects.bulk_create(
                [
                    Lesson.tags.through(lesson_id=lesson.pk, tag_id=tags[name.casefold()].pk)
                    for lesson, names in zip(created, row_tags, strict=True)
                    for name in names
                ]
            )
            made += size
        return made
