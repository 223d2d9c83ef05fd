"""``python manage.py seed_demo``: the demo portfolio and the demo logins (password ``demo``; demo only).

With ``DEBUG`` off it runs only when told the installation is a demo (``--demo`` or ``PMO_DEMO=1``). It never
changes an existing account: a demo username that already exists is used as it is (and named in the output).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from projects import demo
from projects.demo.builder import MAX_PROJECTS

DEMO_ENV = "PMO_DEMO"
_TRUE = {"1", "true", "yes", "on"}

NOT_A_DEMO = (
    "seed_demo writes a demo portfolio and creates demo logins whose password is 'demo'. DEBUG is off, so this "
    "may be a real installation: nothing was written. On a demo installation, say so with --demo (or {env}=1)."
)


def declared_demo(flag: bool) -> bool:
    """``--demo`` given, or the environment says this installation is a demo."""
    return flag or os.environ.get(DEMO_ENV, "").strip().lower() in _TRUE


class Command(BaseCommand):
    help = (
        "Create a demo portfolio (org units, programs, ~30 projects with half a year of weekly history) and the "
        "missing demo users pmo, exec, pm1, pm2, member1 … with the password 'demo' (existing accounts are never "
        "changed). For demo environments only: with DEBUG off it needs --demo (or PMO_DEMO=1)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) when projects data already exists."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete all projects data (users are kept) and build it again."
        )
        parser.add_argument(
            "--demo",
            action="store_true",
            help=f"This installation is a demo: allow running with DEBUG off (same as {DEMO_ENV}=1).",
        )
        parser.add_argument("--projects", type=int, default=30, help="Number of projects (default 30).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")

    def handle(self, *args, **options) -> None:
        count = options["projects"]
        if not 1 <= count <= MAX_PROJECTS:
            raise CommandError(f"--projects must be between 1 and {MAX_PROJECTS}.")
        if not settings.DEBUG and not declared_demo(options["demo"]):
            raise CommandError(NOT_A_DEMO.format(env=DEMO_ENV))
        if demo.demo_data_exists():
            if options["if_empty"]:
                self.stdout.write("seed_demo: projects data already exists; skipped (--if-empty).")
                return
            if not options["reset"]:
                raise CommandError(
                    "Projects data already exists; nothing was written. Use --reset to delete it and build the "
                    "demo again, or --if-empty to skip quietly."
                )
        try:
            with transaction.atomic():
                if options["reset"]:
                    demo.reset_demo_data()
                summary = demo.build_demo(projects=count, seed=options["seed"])
        except demo.DemoRefused as exc:
            raise CommandError(str(exc)) from None
        self.report(summary, seed=options["seed"])

    def report(self, summary: demo.DemoSummary, *, seed: int) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {summary.seconds:.1f} s (seed {seed}):"))
        for name, value in summary.counts.items():
            self.stdout.write(f"  {name:<22} {value:>6}")
        if summary.kept_users:
            names = ", ".join(f"'{username}'" for username in summary.kept_users)
            self.stdout.write(
                self.style.WARNING(
                    "seed_demo: existing accounts left exactly as they were (password, flags, groups and names "
                    f"unchanged): {names}. Only the missing demo logins were created."
                )
            )
        self.stdout.write("Demo logins (password 'demo', demo environments only):")
        for username, role, full_name in summary.logins:
            note = "  (existing account: its own password)" if username in summary.kept_users else ""
            self.stdout.write(f"  {username:<10} {role:<10} {full_name}{note}")
