"""Knowledge search on PostgreSQL with 10,000 lessons: median and p95 per query, and the plan each one uses.

``run(database_url) -> dict`` (called by ``benchmarks/run.py`` during ``make bench``) runs the measurement in a
child process configured for ``database_url`` (a migrated database; the bench's own): it adds lessons with
``seed_lessons`` until there are ``KNOWLEDGE_BENCH_LESSONS`` (10,000), then times ``knowledge.selectors`` exactly
as the search page uses them (first page of 20 plus the count) for a member (the restricted case) and for the PMO,
repeating each query ``KNOWLEDGE_BENCH_REPEAT`` times (30) after a warm-up.

Standalone: ``python benchmarks/knowledge_search.py`` uses ``DATABASE_URL``; with ``--fresh`` it creates a scratch
database next to it (``pmo_kbench_<time>``), migrates, measures and drops it. Prints the result as JSON. No timing is
asserted anywhere: the figures go to the README's performance section.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
LESSONS = int(os.environ.get("KNOWLEDGE_BENCH_LESSONS", "10000"))
REPEAT = int(os.environ.get("KNOWLEDGE_BENCH_REPEAT", "30"))
QUERIES = {
    "ja_4_chars": "要件定義",
    "ja_2_chars": "要件",
    "ja_two_terms": "移行 リハーサル",
    "en_word": "rollback",
    "en_typo": "requirments",
    "en_partial": "stakehold",
    "en_two_terms": "vendor progress",
    "no_match": "zzqqxx",
}


def run(database_url: str) -> dict:
    """Measure in a child process (its own Django settings for ``database_url``); returns the JSON it prints."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"}
    python = ROOT / ".venv" / "bin" / "python"
    completed = subprocess.run(  # noqa: S603 - our own script
        [str(python if python.exists() else sys.executable), __file__, "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if completed.returncode != 0:
        return {"error": completed.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def _plan(qs) -> str:
    """The access path of the query's lesson table: which index (or a sequential scan)."""
    text = qs.explain()
    for name in ("lesson_search_text_trgm", "lesson_title_trgm", "lesson_state_published"):
        if name in text:
            return f"index {name}"
    return "seq scan" if "Seq Scan" in text else "other"


def measure() -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection

    from core import roles
    from knowledge import search, selectors
    from knowledge.filters import LessonFilterSet
    from knowledge.models import Lesson

    if connection.vendor != "postgresql":
        raise SystemExit("the knowledge search benchmark needs PostgreSQL")
    missing = LESSONS - Lesson.objects.count()
    if missing > 0:
        call_command("seed_lessons", count=missing, stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE knowledge_lesson")  # a steady state, as autovacuum leaves it
        cursor.execute("VACUUM ANALYZE knowledge_searchword")
    users = {}
    for role, name in ((roles.MEMBER, "kbench_member"), (roles.PMO, "kbench_pmo")):
        user, _ = get_user_model().objects.get_or_create(username=name, defaults={"is_active": True})
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        users[role] = get_user_model().objects.get(pk=user.pk)

    class Request:
        def __init__(self, user):
            self.user = user

    out: dict = {"lessons": Lesson.objects.count(), "repeat": REPEAT, "trigram": search.trigram_status(), "queries": {}}
    every: list[float] = []
    for label, query in QUERIES.items():
        for role, user in users.items():
            timings = []
            for i in range(REPEAT + 2):
                started = time.perf_counter()
                qs = LessonFilterSet({"q": query}, queryset=selectors.lessons(user), request=Request(user)).qs
                page = list(qs[:20])
                total = qs.count()
                for lesson in page:  # what the page does per row (highlight, snippet): Python only
                    search.snippet(lesson.what_happened, search.parse_terms(query))
                elapsed = (time.perf_counter() - started) * 1000
                if i >= 2:  # two warm-up runs
                    timings.append(elapsed)
            every.extend(timings)
            out["queries"][f"{label} ({role})"] = {
                "query": query,
                "results": total,
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(_percentile(timings, 0.95), 1),
                "plan": _plan(qs),
            }
    out["median_ms"] = round(statistics.median(every), 1)
    out["p95_ms"] = round(_percentile(every, 0.95), 1)
    return out


def _fresh(database_url: str) -> dict:
    import psycopg

    parts = urlsplit(database_url)
    name = f"pmo_kbench_{int(time.time())}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    scratch = urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "DATABASE_URL": scratch, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)  # noqa: S603
        return run(scratch)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(measure(), ensure_ascii=False))
    else:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            raise SystemExit("set DATABASE_URL to a PostgreSQL database (postgres://…)")
        result = _fresh(url) if "--fresh" in sys.argv else run(url)
        print(json.dumps(result, ensure_ascii=False, indent=2))
