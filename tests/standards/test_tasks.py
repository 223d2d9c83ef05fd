"""The daily task that creates this week's weekly checklist runs: scheduled, registered, idempotent."""

from __future__ import annotations

import pytest
from django.conf import settings

from standards.models import ChecklistRun
from standards.services import runs
from standards.tasks import ensure_weekly_runs_task

pytestmark = pytest.mark.django_db


def test_task_is_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["standards-weekly-runs-daily"]
    assert entry["task"] == ensure_weekly_runs_task.name == "standards.tasks.ensure_weekly_runs"


def test_task_creates_each_weekly_run_once(pm_user, checklist, project):
    from standards.models import ProjectChecklistPlan

    ProjectChecklistPlan.objects.create(project=project, checklist=checklist, schedule="weekly")
    assert ensure_weekly_runs_task.apply().get() == 1
    assert ensure_weekly_runs_task.apply().get() == 0
    assert ChecklistRun.objects.filter(project=project, schedule="weekly").count() == 1
    assert runs.ensure_weekly_runs() == 0


def test_compliance_rates_are_computed_in_the_database(pm_user, pmo_user, project):
    """Due = required runs due by today (not cancelled); rate = completed ÷ due; nothing due → not defined."""
    import datetime as dt

    from standards import selectors

    run = project.checklist_runs.get()
    assert run.due_date == dt.date(2026, 5, 1)
    before = dict(selectors.compliance_totals(pmo_user, dt.date(2026, 4, 30)))
    assert before == {"due": 0, "done": 0, "overdue": 0, "rate": None}
    totals = selectors.compliance_totals(pmo_user, dt.date(2026, 5, 2))
    assert (totals["due"], totals["done"], totals["overdue"], totals["rate"]) == (1, 0, 1, 0.0)
    ChecklistRun.objects.filter(pk=run.pk).update(state="completed", checklist_version=run.checklist.current_version)
    row = selectors.compliance_projects(pmo_user, dt.date(2026, 5, 2)).get()
    assert (row.due_count, row.done_count, row.overdue_count) == (1, 1, 0)
    units = selectors.compliance_by_org_unit(pm_user, dt.date(2026, 5, 2))
    assert [(u["due"], u["done"], u["rate"]) for u in units] == [(1, 1, 100.0)]
