"""``python manage.py seed_demo``: the demo portfolio and the demo logins (password ``demo``; demo only)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from projects import demo
from projects.demo.builder import MAX_PROJECTS


class Command(BaseCommand):
    help = (
        "Create a demo portfolio (org units, programs, ~30 projects with half a year of weekly history) and the "
        "demo users pmo, exec, pm1, pm2, member1 … with the password 'demo'. For demo environments only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) when projects data already exists."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete all projects data (users are kept) and build it again."
        )
        parser.add_argument("--projects", type=int, default=30, help="Number of projects (default 30).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, **options) -> None:
        count = options["projects"]
        if not 1 <= count <= MAX_PROJECTS:
            raise CommandError(f"--projects must be between 1 and {MAX_PROJECTS}.")
        if demo.demo_data_exists():
            if options["if_empty"]:
                self.stdout.write("seed_demo: projects data already exists; skipped (--if-empty).")
                return
            if not options["reset"]:
                raise CommandError(
                    "Projects data already exists; nothing was written. Use --reset to delete it and build the "
                    "demo again, or --if-empty to skip quietly."
                )
        with transaction.atomic():
            if options["reset"]:
                demo.reset_demo_data()
            summary = demo.build_demo(projects=count, seed=options["seed"])
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {summary.seconds:.1f} s (seed {options['seed']}):"))
        for name, value in summary.counts.items():
            self.stdout.write(f"  {name:<22} {value:>6}")
        self.stdout.write("Demo logins (password 'demo', demo environments only):")
        for username, role, full_name in summary.logins:
            self.stdout.write(f"  {username:<10} {role:<10} {full_name}")
