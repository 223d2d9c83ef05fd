"""A large, realistic portfolio for the benchmark (``manage.py seed_bench``; see ``benchmarks/run.py``).

Like ``projects.demo.bulk``, the bench writes with ``bulk_create`` (one service call per row would take hours for
156,000 weekly reports), and shares with the services what makes its rows look like theirs: every report's figures
come from ``projects.evaluation.evaluate_inputs`` / ``apply_result`` (the code the services run, fed with the same
plan, actuals, milestones and quality records that are inserted), each submission's frozen revision is
``audit.snapshot`` of ``CONTENT_FIELDS + COMPUTED_FIELDS``, and each project's cached figures are written by
``services.metrics.refresh_project_snapshot``.

Other apps add their share (standards, lessons, report runs…) with ``register``, from their ``AppConfig.ready()``:
``build(context)`` runs after the projects part and returns counts to print ({label: n}).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchPart:
    key: str
    build: Callable[..., dict[str, int]]
    order: int


_parts: dict[str, BenchPart] = {}


def register(*, key: str, build: Callable[..., dict[str, int]], order: int = 100) -> None:
    """Add an app's share of ``seed_bench``; ``build(context=BenchContext)`` returns {label: count}."""
    _parts[key] = BenchPart(key, build, order)


def parts() -> list[BenchPart]:
    return sorted(_parts.values(), key=lambda p: (p.order, p.key))
