"""What every step of one demo run shares: the random generator, "today", the people, the plans, and the clock.

The demo tells a story that happened over half a year, but rows are written now. ``Clock`` puts the story's
moments back:

* rows written in bulk (``projects.demo.bulk``) are inserted with their timestamps as given;
* a service call made inside ``clock.during(moment)`` happened at ``moment``: every time it stamps "now" (an
  ``auto_now`` / ``auto_now_add`` field, a ``submitted_at``, an audit entry's ``at`` and the ``*_at`` values the
  entry records) is written as ``moment``, by a ``pre_save`` receiver connected for the block (the demo runs in a
  management command, in one thread). Story dates that are not times (an issue's ``raised_on``) are put back with
  ``clock.restamp``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone

from core.audit import display_value
from core.models import AuditEntry
from projects import weeks
from projects.demo.bulk import timestamps_as_given
from projects.demo.plans import ProjectPlan

#: The apps whose services the demo calls: their rows' "now" stamps are moved to the story's moment.
STORY_APPS = ("core", "projects")


class Clock:
    """The demo's moments: ``at`` a day and hour, never later than a few minutes ago."""

    def __init__(self) -> None:
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()

    def at(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        """``hour:minute`` on ``day`` in local time, never later than five minutes ago; in UTC, like ``now()``."""
        moment = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)
        return min(moment, self.now - dt.timedelta(minutes=5)).astimezone(dt.UTC)

    @contextmanager
    def during(self, moment: dt.datetime) -> Iterator[None]:
        """Service calls in the block happened at ``moment`` (see the module docstring)."""
        story_models = [m for label in STORY_APPS for m in apps.get_app_config(label).get_models()]
        fields = [f for m in story_models for f in m._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        auto_now = {f for f in fields if f.auto_now}
        auto_now_add = {f for f in fields if f.auto_now_add}
        shown = display_value(None, moment)

        def stamp(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
            if sender not in story_models:
                return
            for f in sender._meta.concrete_fields:
                if not isinstance(f, models.DateTimeField):
                    continue
                value = getattr(instance, f.attname)
                auto = f in auto_now or (f in auto_now_add and instance._state.adding)
                if auto or (value is not None and value >= self.now):
                    setattr(instance, f.attname, moment)
            if isinstance(instance, AuditEntry):
                instance.changes = {k: [v[0], shown] if _is_stamp(k, v) else v for k, v in instance.changes.items()}

        with ExitStack() as stack:
            for model in story_models:
                stack.enter_context(timestamps_as_given(model))
            pre_save.connect(stamp, weak=False, dispatch_uid="projects.demo.clock")
            stack.callback(pre_save.disconnect, dispatch_uid="projects.demo.clock")
            yield

    @staticmethod
    def restamp(obj: models.Model, **values: Any) -> None:
        """Write the story's ``values`` (e.g. a date) on a row a service wrote."""
        type(obj)._base_manager.filter(pk=obj.pk).update(**values)
        for name, value in values.items():
            setattr(obj, name, value)


def _is_stamp(name: str, change: Any) -> bool:
    """A ``*_at`` field the service set to "now" (``[old, new]`` with a new value)."""
    return name.endswith("_at") and isinstance(change, list) and len(change) == 2 and bool(change[1])


@dataclass
class DemoContext:
    """The state of one demo run (``projects.demo.builder.DemoBuilder`` creates it)."""

    rng: random.Random
    today: dt.date
    clock: Clock = field(default_factory=Clock)
    users: dict[str, Any] = field(default_factory=dict)
    kept_users: list[str] = field(default_factory=list)  # existing accounts (not demo logins) left alone
    orgs: dict[str, Any] = field(default_factory=dict)
    programs: dict[str, Any] = field(default_factory=dict)
    plans: list[ProjectPlan] = field(default_factory=list)

    @property
    def current_week(self) -> str:
        return weeks.week_of(self.today)

    @property
    def pmo(self) -> Any:
        return self.users["pmo"]

    def at(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        return self.clock.at(day, hour, minute)

    def random_day(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def pick_owner(self, plan: ProjectPlan) -> Any:
        """One of the project's people (its PM, members, deputy); member1 a little more often."""
        people = [plan.pm, *plan.members]
        if plan.deputy:
            people.append(plan.deputy)
        member1 = self.users["member1"]
        if member1 in plan.members and self.rng.random() < 0.2:
            return member1
        return self.rng.choice(people)
