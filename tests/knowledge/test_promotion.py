"""Promotion (横展開): the lesson becomes an item of a checklist's draft, linked back, with the trace kept."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.exceptions import InvalidTransition, NotAllowed, RuleError
from knowledge import selectors, services
from knowledge.models import LessonRollout
from standards.models import ChecklistItem, ChecklistRun, VersionState
from standards.services import checklists as checklist_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist(pmo_user):
    checklist = checklist_services.create_checklist(
        actor=pmo_user, code="DELIVERY-PRECHECK", title="納品物事前チェック", purpose="delivery"
    )
    checklist_services.add_item_to_draft(actor=pmo_user, checklist=checklist, text="成果物一覧を確認した")
    checklist_services.publish(actor=pmo_user, checklist=checklist, expected_version=checklist.version)
    checklist.refresh_from_db()
    return checklist


def test_promotion_creates_the_linked_item_and_the_trace(make_lesson, pmo_user, checklist):
    lesson = make_lesson("切り戻し手順を検証する", recommendation="リリース前に切り戻しを検証する。")
    rollout = services.promote_lesson(actor=pmo_user, lesson=lesson, checklist=checklist)
    item = ChecklistItem.objects.select_related("checklist_version").get(pk=rollout.checklist_item_id)
    assert item.text == lesson.title and item.guidance == lesson.recommendation
    assert item.source_key == f"knowledge.lesson:{lesson.pk}" and item.source_url == f"/knowledge/{lesson.pk}/"
    assert item.source_label == lesson.title
    assert item.checklist_version.checklist == checklist and item.checklist_version.state == VersionState.DRAFT
    assert (rollout.lesson, rollout.checklist, rollout.promoted_by) == (lesson, checklist, pmo_user)


def test_the_lesson_counts_projects_that_ran_a_version_holding_it(make_lesson, pmo_user, checklist, open_project):
    lesson = make_lesson("t")
    rollout = services.promote_lesson(actor=pmo_user, lesson=lesson, checklist=checklist)
    assert selectors.projects_reusing(lesson) == 0
    version = rollout.checklist_item.checklist_version
    checklist.refresh_from_db()
    checklist_services.update_draft(actor=pmo_user, version=version, expected_version=version.version,
                                    change_note="lesson")  # fmt: skip
    checklist_services.publish(actor=pmo_user, checklist=checklist, expected_version=checklist.version)
    ChecklistRun.objects.create(project=open_project, checklist=checklist, checklist_version=version,
                                started_at=timezone.now())  # fmt: skip
    assert selectors.projects_reusing(lesson) == 1


def test_only_the_pmo_promotes_a_published_lesson_once_per_checklist(make_lesson, author, pmo_user, checklist):
    lesson = make_lesson("t")
    with pytest.raises(NotAllowed):
        services.promote_lesson(actor=author, lesson=lesson, checklist=checklist)
    with pytest.raises(InvalidTransition):
        services.promote_lesson(actor=pmo_user, lesson=make_lesson("d", publish=False), checklist=checklist)
    with pytest.raises(RuleError) as caught:
        services.promote_lesson(actor=pmo_user, lesson=lesson, checklist=None)
    assert set(caught.value.errors) == {"checklist"}
    services.promote_lesson(actor=pmo_user, lesson=lesson, checklist=checklist)
    with pytest.raises(RuleError) as caught:
        services.promote_lesson(actor=pmo_user, lesson=lesson, checklist=checklist)
    assert set(caught.value.errors) == {"checklist"}
    assert LessonRollout.objects.count() == 1


def test_the_pages_and_the_api_promote_and_show_the_trace(make_lesson, pmo_user, reader, checklist, client, api_for):
    lesson = make_lesson("API lesson")
    response = api_for(pmo_user).post(
        f"/api/v1/knowledge/lessons/{lesson.pk}/promote/", {"checklist": "DELIVERY-PRECHECK"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["checklist"] == "DELIVERY-PRECHECK"
    assert (
        api_for(reader)
        .post(f"/api/v1/knowledge/lessons/{lesson.pk}/promote/", {"checklist": "DELIVERY-PRECHECK"}, format="json")
        .status_code
        == 403
    )
    other = make_lesson("Page lesson")
    client.force_login(pmo_user)
    response = client.post(f"/knowledge/{other.pk}/promote/", {"checklist": checklist.pk, "text": "確認する"})
    assert response.status_code == 302
    page = client.get(f"/knowledge/{other.pk}/").content.decode()
    assert "DELIVERY-PRECHECK" in page
    client.force_login(reader)
    assert client.get(f"/knowledge/{other.pk}/promote/").status_code == 403


def test_the_api_lists_rollouts_and_reuse(make_lesson, pmo_user, reader, checklist, api_for):
    lesson = make_lesson("t")
    services.promote_lesson(actor=pmo_user, lesson=lesson, checklist=checklist)
    body = api_for(reader).get(f"/api/v1/knowledge/lessons/{lesson.pk}/rollouts/").json()
    assert body["reuse"] == 0 and [r["checklist"] for r in body["rollouts"]] == ["DELIVERY-PRECHECK"]
