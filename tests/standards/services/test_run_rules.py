"""Checklist runs: one test per rule of standards.services.runs."""

from __future__ import annotations

import datetime as dt

import pytest

from core.exceptions import InvalidTransition, NotAllowed, RuleError
from standards.models import ChecklistAnswer, ChecklistRun
from standards.services import checklists as cl_services
from standards.services import runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(project):
    return project.checklist_runs.get()


def _required(run):
    run.refresh_from_db()
    return (run.checklist_version or run.checklist.current_version).items.get(required=True)


def test_complete_refused_while_required_unanswered(pm_user, run):
    with pytest.raises(RuleError) as caught:
        runs.complete_run(actor=pm_user, run=run, expected_version=run.version)
    assert "answers" in caught.value.errors
    run.refresh_from_db()
    assert run.state != "completed"


def test_complete_twice_refused_and_read_only(pm_user, run):
    runs.answer_item(actor=pm_user, run=run, item=_required(run), answer="na", note="not in scope")
    run.refresh_from_db()
    runs.complete_run(actor=pm_user, run=run, expected_version=run.version)
    run.refresh_from_db()
    assert run.completed_by == pm_user and run.completed_at
    with pytest.raises(InvalidTransition):
        runs.complete_run(actor=pm_user, run=run, expected_version=run.version)
    with pytest.raises(InvalidTransition):
        runs.answer_item(actor=pm_user, run=run, item=_required(run), answer="not_done")
    assert ChecklistAnswer.objects.get().answer == "na"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.example/a", "data:text/html,x", "not a url"])
def test_evidence_link_is_http(pm_user, run, url):
    with pytest.raises(RuleError) as caught:
        runs.answer_item(actor=pm_user, run=run, item=_required(run), answer="done", evidence_url=url)
    assert "evidence_url" in caught.value.errors
    assert not ChecklistAnswer.objects.exists()


def test_answer_must_be_one_of_three(pm_user, run):
    with pytest.raises(RuleError) as caught:
        runs.answer_item(actor=pm_user, run=run, item=_required(run), answer="maybe")
    assert "answer" in caught.value.errors


def test_item_of_another_version_refused(pmo_user, pm_user, run, checklist):
    other = cl_services.add_item_to_draft(actor=pmo_user, checklist=checklist, text="new item")
    with pytest.raises(RuleError) as caught:
        runs.answer_item(actor=pm_user, run=run, item=other, answer="done")
    assert "item" in caught.value.errors


def test_new_version_does_not_change_a_started_run(pmo_user, pm_user, run, checklist):
    runs.start_run(actor=pm_user, run=run)
    run.refresh_from_db()
    pinned = run.checklist_version_id
    cl_services.add_item_to_draft(actor=pmo_user, checklist=checklist, text="added later", required=True)
    checklist.refresh_from_db()
    draft = checklist.versions.get(state="draft")
    cl_services.update_draft(actor=pmo_user, version=draft, expected_version=draft.version, change_note="more")
    checklist.refresh_from_db()
    cl_services.publish(actor=pmo_user, checklist=checklist, expected_version=checklist.version)
    run.refresh_from_db()
    assert run.checklist_version_id == pinned
    runs.answer_item(actor=pm_user, run=run, item=_required(run), answer="done")
    run.refresh_from_db()
    runs.complete_run(actor=pm_user, run=run, expected_version=run.version)  # the new required item is not asked


@pytest.mark.parametrize("role", ["other_pm", "member_user", "exec_user"])
def test_only_the_projects_managers_answer(request, run, role):
    with pytest.raises(NotAllowed):
        runs.answer_item(actor=request.getfixturevalue(role), run=run, item=_required(run), answer="done")


def test_pmo_answers_any_project(pmo_user, run):
    runs.answer_item(actor=pmo_user, run=run, item=_required(run), answer="done")
    assert ChecklistAnswer.objects.get().answered_by == pmo_user


def test_retired_checklist_cannot_start(pmo_user, pm_user, run, checklist):
    cl_services.retire(actor=pmo_user, checklist=checklist, expected_version=checklist.version)
    with pytest.raises(InvalidTransition):
        runs.start_run(actor=pm_user, run=run)


def test_weekly_runs_are_created_once_per_week(pmo_user, pm_user, checklist, project):
    weekly = project.checklist_plans.model.objects.none()
    runs.add_checklist_plan(actor=pm_user, project=project, checklist=checklist, schedule="weekly",
                            today=dt.date(2026, 11, 16))  # fmt: skip
    assert ChecklistRun.objects.filter(project=project, week="2026-W47").count() == 1
    assert runs.ensure_weekly_runs(today=dt.date(2026, 11, 18)) == 0
    assert runs.ensure_weekly_runs(today=dt.date(2026, 11, 23)) == 1
    run = ChecklistRun.objects.get(project=project, week="2026-W48")
    assert run.due_date == dt.date(2026, 11, 27)  # the week's Friday
    assert list(weekly) == []


def test_weekly_due_date_moves_before_a_holiday():
    import jpholiday

    from projects.weeks import week_of

    assert runs.weekly_due_date("2026-W44") == dt.date(2026, 10, 30)  # an ordinary Friday
    day = dt.date(2026, 1, 2)
    while not (day.weekday() == 4 and jpholiday.is_holiday(day) and not jpholiday.is_holiday(day - dt.timedelta(1))):
        day += dt.timedelta(days=1)
    assert runs.weekly_due_date(week_of(day)) == day - dt.timedelta(days=1)  # the Thursday before the 祝日
