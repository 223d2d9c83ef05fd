"""The demo's moments for the standards rows too: ``projects.demo.context.Clock.during`` puts the core and projects
rows a service writes back to the story's moment; this does the same for the standards app's rows (their
``created_at`` / ``published_at`` / ``completed_at`` / ``decided_at``…), so a gate decided in May reads May."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save

from projects.demo.bulk import timestamps_as_given
from projects.demo.context import Clock


@contextmanager
def story(clock: Clock, day: dt.date, hour: int = 10) -> Iterator[None]:
    """Service calls in the block happened at ``hour`` on ``day`` (never later than a few minutes ago)."""
    moment = clock.at(day, hour)
    own = list(apps.get_app_config("standards").get_models())
    fields = [f for m in own for f in m._meta.concrete_fields if isinstance(f, models.DateTimeField)]
    auto_now = {f for f in fields if f.auto_now}  # read before timestamps_as_given switches them off
    auto_now_add = {f for f in fields if f.auto_now_add}

    def stamp(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
        if sender not in own:
            return
        for f in sender._meta.concrete_fields:
            if not isinstance(f, models.DateTimeField):
                continue
            value = getattr(instance, f.attname)
            adding = instance._state.adding
            if f in auto_now or (f in auto_now_add and adding) or (value is not None and value >= clock.now):
                setattr(instance, f.attname, moment)

    with ExitStack() as stack:
        stack.enter_context(clock.during(moment))
        for model in own:
            stack.enter_context(timestamps_as_given(model))
        pre_save.connect(stamp, weak=False, dispatch_uid="standards.demo.clock")
        stack.callback(pre_save.disconnect, dispatch_uid="standards.demo.clock")
        yield
