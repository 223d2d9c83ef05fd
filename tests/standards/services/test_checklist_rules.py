"""Checklists and items: one test per rule of standards.services.checklists, and the contracts other apps use."""

from __future__ import annotations

import pytest

from core.exceptions import InvalidTransition, NotAllowed, RuleError
from standards.models import ChecklistItem
from standards.selectors import projects_running_source
from standards.services import checklists as services
from standards.services import runs
from tests.standards.conftest import instantiate, make_blueprint, make_checklist

pytestmark = pytest.mark.django_db


def test_only_pmo_edits(pm_user, exec_user, checklist):
    for actor in (pm_user, exec_user):
        with pytest.raises(NotAllowed):
            services.add_item_to_draft(actor=actor, checklist=checklist, text="x")


def test_publish_needs_items(pmo_user):
    checklist = services.create_checklist(actor=pmo_user, code="EMPTY", title="t", purpose="closure")
    with pytest.raises(RuleError) as caught:
        services.publish(actor=pmo_user, checklist=checklist, expected_version=checklist.version)
    assert "items" in caught.value.errors


def test_published_items_are_frozen(pmo_user, checklist):
    item = checklist.current_version.items.first()
    with pytest.raises(InvalidTransition):
        services.update_item(actor=pmo_user, item=item, text="changed")
    with pytest.raises(InvalidTransition):
        services.remove_item(actor=pmo_user, item=item)
    assert ChecklistItem.objects.get(pk=item.pk).text == "Scope agreed"


def test_add_item_to_draft_creates_a_draft_copy(pmo_user, checklist):
    item = services.add_item_to_draft(actor=pmo_user, checklist=checklist, text="Lesson: freeze scope early",
                                      required=True, source_url="/knowledge/lessons/42/", source_label="Lesson 42",
                                      source_key="knowledge.lesson:42")  # fmt: skip
    draft = item.checklist_version
    assert (draft.number, draft.state) == (2, "draft")
    assert [i.text for i in draft.items.order_by("position")] == ["Scope agreed", "Notes", "Lesson: freeze scope early"]
    again = services.add_item_to_draft(actor=pmo_user, checklist=checklist, text="Second")
    assert again.checklist_version == draft
    assert checklist.current_version.items.count() == 2  # the published version did not change


def test_source_url_must_be_a_link(pmo_user, checklist):
    with pytest.raises(RuleError) as caught:
        services.add_item_to_draft(actor=pmo_user, checklist=checklist, text="x", source_url="javascript:alert(1)")
    assert "source_url" in caught.value.errors


def test_reorder_and_move(pmo_user, checklist):
    draft = services.new_version(actor=pmo_user, checklist=checklist, change_note="n")
    first, second = draft.items.order_by("position")
    services.move_item(actor=pmo_user, item=second, direction="up")
    assert list(draft.items.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    with pytest.raises(RuleError) as caught:
        services.reorder_items(actor=pmo_user, version=draft, item_ids=[first.pk])
    assert "items" in caught.value.errors
    services.reorder_items(actor=pmo_user, version=draft, item_ids=[first.pk, second.pk])
    assert list(draft.items.order_by("position").values_list("pk", flat=True)) == [first.pk, second.pk]


def test_projects_running_source_counts_started_projects(pmo_user, pm_user, org_unit):
    checklist = make_checklist(pmo_user, code="GATE-X")
    services.add_item_to_draft(
        actor=pmo_user, checklist=checklist, text="From a lesson", source_key="knowledge.lesson:7"
    )
    checklist.refresh_from_db()
    services.update_draft(actor=pmo_user, version=checklist.versions.get(state="draft"), expected_version=1,
                          change_note="Lesson 7")  # fmt: skip
    checklist.refresh_from_db()
    services.publish(actor=pmo_user, checklist=checklist, expected_version=checklist.version)
    blueprint = make_blueprint(pmo_user, checklist, code="BP-X")
    assert projects_running_source("knowledge.lesson:7") == 0
    one = instantiate(pm_user, blueprint, org_unit, pm_user, code="PRJ-2026-701")
    instantiate(pm_user, blueprint, org_unit, pm_user, code="PRJ-2026-702")
    assert projects_running_source("knowledge.lesson:7") == 0  # due, not started
    run = one.checklist_runs.get()
    runs.start_run(actor=pm_user, run=run)
    assert projects_running_source("knowledge.lesson:7") == 1
    assert projects_running_source("") == 0


def test_retire_refuses_new_items_but_runs_keep_version(pmo_user, pm_user, checklist, project):
    run = project.checklist_runs.get()
    runs.start_run(actor=pm_user, run=run)
    checklist.refresh_from_db()
    services.retire(actor=pmo_user, checklist=checklist, expected_version=checklist.version)
    with pytest.raises(InvalidTransition):
        services.add_item_to_draft(actor=pmo_user, checklist=checklist, text="x")
    run.refresh_from_db()
    item = run.checklist_version.items.get(required=True)
    runs.answer_item(actor=pm_user, run=run, item=item, answer="done")
    run.refresh_from_db()
    runs.complete_run(actor=pm_user, run=run, expected_version=run.version)
