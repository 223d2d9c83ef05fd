"""``python manage.py seed_bench --projects N [--weeks W]``: the benchmark's portfolio (see ``projects.bench``).

For a benchmark database only (``make bench`` creates one for it): 500 accounts with the password ``bench``, N
projects with W weekly reports each and their plans, items and meetings. It refuses to run where bench data exists
already, and with ``DEBUG`` off unless told (``--bench``), like ``seed_demo``.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from projects.bench.portfolio import bench_data_exists, build


class Command(BaseCommand):
    help = (
        "Fill a benchmark database: 500 people (password 'bench'), N projects with W weeks of status history, "
        "milestones, costs, quality records, issues, risks and meetings. For benchmark databases only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--projects", type=int, default=1000, help="Number of projects (default 1000).")
        parser.add_argument("--weeks", type=int, default=156, help="Weekly reports per project (default 156).")
        parser.add_argument("--seed", type=int, default=11, help="Random seed (default 11).")
        parser.add_argument("--bench", action="store_true", help="This is a benchmark database: allow DEBUG off.")

    def handle(self, *args, **options) -> None:
        n, w = options["projects"], options["weeks"]
        if not 1 <= n <= 20000:
            raise CommandError("--projects must be between 1 and 20000.")
        if not 8 <= w <= 520:
            raise CommandError("--weeks must be between 8 and 520.")
        if not settings.DEBUG and not options["bench"]:
            raise CommandError("seed_bench creates throwaway accounts: with DEBUG off, say --bench.")
        if bench_data_exists():
            raise CommandError("This database already holds bench data; make bench creates a fresh one.")
        started = time.perf_counter()
        totals = build(n_projects=n, n_weeks=w, seed=options["seed"], today=timezone.localdate(), log=self.stdout.write)
        for label, count in totals.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"seed_bench: {n} projects × {w} weeks in {time.perf_counter() - started:.0f} s")
        )
