"""Milestones: created, changed and deleted by the project's managers; every change refreshes the project's snapshot
(next milestone, days of slip)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exceptions import Rules
from core.locking import check_version
from projects.models import Milestone
from projects.services.items.common import (
    UNSET,
    Unset,
    candidate,
    given,
    lock_item,
    require_manage,
    save_new,
    save_update,
    validate_model,
)
from projects.services.items.fields import MILESTONE_FIELDS
from projects.services.metrics import refresh_project_snapshot

__all__ = ["create_milestone", "update_milestone"]

ACTUAL_DATE_IN_FUTURE = _("An actual date cannot be in the future; use the forecast date.")


def _check(rules: Rules, milestone: Milestone, names) -> None:
    actual = milestone.actual_date
    if "actual_date" in names and isinstance(actual, dt.date) and actual > timezone.localdate():
        rules.add("actual_date", ACTUAL_DATE_IN_FUTURE)


@transaction.atomic
def create_milestone(
    *,
    actor,
    project,
    name: str,
    baseline_date: dt.date,
    phase: str = "",
    forecast_date: dt.date | None = None,
    actual_date: dt.date | None = None,
    weight: Decimal = Decimal(1),
    is_phase_gate: bool = False,
) -> Milestone:
    """Add a milestone to ``project`` (the importer creates its rows through this too)."""
    require_manage(actor, project)
    values = {
        "name": name,
        "phase": phase,
        "baseline_date": baseline_date,
        "forecast_date": forecast_date,
        "actual_date": actual_date,
        "weight": weight,
        "is_phase_gate": is_phase_gate,
    }
    milestone = Milestone(project=project, **values)
    rules = Rules()
    validate_model(milestone, MILESTONE_FIELDS, rules)
    _check(rules, milestone, values)
    rules.raise_if_any()
    save_new(actor=actor, obj=milestone, fields=MILESTONE_FIELDS, values=values)
    refresh_project_snapshot(project=project)
    return milestone


@transaction.atomic
def update_milestone(
    *,
    actor,
    milestone: Milestone,
    expected_version: int | None,
    name: str | Unset = UNSET,
    phase: str | Unset = UNSET,
    baseline_date: dt.date | Unset = UNSET,
    forecast_date: dt.date | None | Unset = UNSET,
    actual_date: dt.date | None | Unset = UNSET,
    weight: Decimal | Unset = UNSET,
    is_phase_gate: bool | Unset = UNSET,
) -> Milestone:
    """Change the fields given (the others stay as they are)."""
    require_manage(actor, milestone.project)
    current = lock_item(milestone)
    check_version(current, expected_version)
    values = given(
        name=name,
        phase=phase,
        baseline_date=baseline_date,
        forecast_date=forecast_date,
        actual_date=actual_date,
        weight=weight,
        is_phase_gate=is_phase_gate,
    )
    rules = Rules()
    new = candidate(current, values)
    validate_model(new, values, rules)
    _check(rules, new, values)
    rules.raise_if_any()
    if save_update(actor=actor, obj=milestone, current=current, values=values):
        refresh_project_snapshot(project=milestone.project)
    return milestone
