"""``seed_bench``'s body: people, organisation, N projects with W weeks of history each, the cached snapshots, and
the other apps' registered parts (``projects.bench.register``)."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from projects import bench, weeks
from projects.bench.history import build_chunk
from projects.bench.people import People, create_organisation, create_people
from projects.models import Project
from projects.services.metrics import refresh_project_snapshot

CHUNK = 25
PROJECT_NAMES = [
    "基幹システム刷新",
    "販売管理再構築",
    "データ基盤構築",
    "ネットワーク更改",
    "会計システム移行",
    "DX推進",
]
CODE_PREFIX = "BN-"


@dataclass
class BenchContext:
    """What the other apps' parts get: the projects (ids in code order), the people, the weeks and a seed."""

    project_ids: list[int]
    people: People
    week_list: list[str]
    seed: int


def bench_data_exists() -> bool:
    return Project.objects.filter(code__startswith=CODE_PREFIX).exists()


def week_list(today: dt.date, n_weeks: int) -> list[str]:
    """The ``n_weeks`` ISO weeks up to last week, oldest first."""
    week = weeks.previous_week(weeks.week_of(today))
    out = []
    for _ in range(n_weeks):
        out.append(week)
        week = weeks.previous_week(week)
    return out[::-1]


def _projects(n: int, people: People, departments, programs, rng: random.Random) -> list[Project]:
    pms = people.pms
    states = ["active"] * 17 + ["on_hold", "closed", "proposed"]
    return Project.objects.bulk_create(
        [
            Project(
                code=f"{CODE_PREFIX}{i + 1:04d}",
                name=f"{PROJECT_NAMES[i % len(PROJECT_NAMES)]} {i + 1}",
                description="ベンチマーク用のプロジェクトです。",
                org_unit=departments[i % len(departments)],
                program=programs[i % len(programs)] if i % 3 else None,
                pm=pms[i % len(pms)],
                deputy_pm=pms[(i + 7) % len(pms)],
                customer=f"顧客 {i % 40 + 1}",
                project_type=rng.choice(["system_development", "infrastructure", "business_process", "rnd"]),
                state="active" if i == 0 else rng.choice(states),
                phase=rng.choice(["design", "build", "build", "test"]),
                confidential=i % 10 == 9,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )


def build(
    *, n_projects: int, n_weeks: int, seed: int, today: dt.date, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Build the bench portfolio; returns counts per table. Each chunk of projects commits on its own."""
    rng = random.Random(seed)  # noqa: S311 - reproducible bench data, not a secret
    started = time.perf_counter()
    with transaction.atomic():
        people = create_people(rng)
        departments, programs = create_organisation()
        projects = _projects(n_projects, people, departments, programs, rng)
    log(f"people, organisation and {len(projects)} projects: {time.perf_counter() - started:.1f} s")
    weeks_ = week_list(today, n_weeks)
    totals: dict[str, int] = {"people": 500, "projects": len(projects)}
    for i in range(0, len(projects), CHUNK):
        chunk = projects[i : i + CHUNK]
        with transaction.atomic():
            if connection.vendor == "postgresql":  # bench data: a crash loses a chunk, never corrupts anything
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            built = build_chunk(chunk, people=people, week_list=weeks_, rng=rng)
            for project in chunk:
                refresh_project_snapshot(project=project, milestones=built["milestones"].get(project.pk, []))
        for label, n in built["counts"].items():
            totals[str(label)] = totals.get(str(label), 0) + n
        if (i // CHUNK) % 8 == 7 or i + CHUNK >= len(projects):
            done = min(i + CHUNK, len(projects))
            log(f"{done} / {len(projects)} projects: {time.perf_counter() - started:.1f} s")
    context = BenchContext([p.pk for p in projects], people, weeks_, seed)
    for part in bench.parts():
        with transaction.atomic():
            counts = part.build(context=context)
        totals.update({f"{part.key}: {label}": n for label, n in counts.items()})
        log(f"{part.key}: {counts} ({time.perf_counter() - started:.1f} s)")
    return totals
