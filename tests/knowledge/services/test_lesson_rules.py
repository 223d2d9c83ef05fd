"""Each rule of the lesson services, once, with the smallest data that shows it."""

from __future__ import annotations

import pytest

from core import roles
from core.exceptions import InvalidTransition, NotAllowed, RuleError, StaleEdit
from core.models import AuditEntry
from knowledge import services
from knowledge.models import Lesson, LessonState, LessonVote
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db


def fields(exc: RuleError) -> set:
    return set(exc.errors)


def test_executives_do_not_write_lessons(exec_user):
    with pytest.raises(NotAllowed):
        services.create_lesson(actor=exec_user, title="x")


def test_a_lesson_needs_a_title(author):
    with pytest.raises(RuleError) as caught:
        services.create_lesson(actor=author, title="   ")
    assert fields(caught.value) == {"title"}
    assert not Lesson.objects.exists()


def test_publishing_needs_what_happened_and_a_recommendation(author):
    with pytest.raises(RuleError) as caught:
        services.create_lesson(actor=author, title="t", publish=True)
    assert fields(caught.value) == {"what_happened", "recommendation"}
    draft = services.create_lesson(actor=author, title="t")
    with pytest.raises(RuleError) as caught:
        services.publish_lesson(actor=author, lesson=draft, expected_version=1)
    assert fields(caught.value) == {"what_happened", "recommendation"}


def test_the_source_project_must_be_visible_to_the_author(reader, secret_project):
    with pytest.raises(RuleError) as caught:
        services.create_lesson(actor=reader, title="t", source_project=secret_project)
    assert fields(caught.value) == {"source_project"}


def test_the_project_type_defaults_to_the_source_projects(author, open_project):
    lesson = services.create_lesson(actor=author, title="t", source_project=open_project)
    assert lesson.project_type == open_project.project_type


def test_only_the_pmo_anonymises(author, pmo_user, secret_project):
    with pytest.raises(RuleError) as caught:
        services.create_lesson(actor=author, title="t", source_project=secret_project, anonymised=True)
    assert fields(caught.value) == {"anonymised"}
    draft = services.create_lesson(actor=author, title="t", source_project=secret_project,
                                   what_happened="w", recommendation="r")  # fmt: skip
    with pytest.raises(RuleError) as caught:
        services.publish_lesson(actor=author, lesson=draft, expected_version=1, anonymised=True)
    assert fields(caught.value) == {"anonymised"}
    services.publish_lesson(actor=pmo_user, lesson=draft, expected_version=1, anonymised=True)
    draft.refresh_from_db()
    assert draft.anonymised and draft.state == LessonState.PUBLISHED


def test_tags_are_limited_and_matched_case_insensitively(author):
    with pytest.raises(RuleError) as caught:
        services.create_lesson(actor=author, title="t", tags=[f"t{i}" for i in range(11)])
    assert fields(caught.value) == {"tags"}
    with pytest.raises(RuleError) as caught:
        services.create_lesson(actor=author, title="t", tags=["x" * 41])
    assert fields(caught.value) == {"tags"}
    a = services.create_lesson(actor=author, title="a", tags="Review, 要件定義、review")
    b = services.create_lesson(actor=author, title="b", tags=["REVIEW"])
    assert [t.name for t in a.tags.all()] == ["Review", "要件定義"]
    assert list(b.tags.all()) == [a.tags.get(key="review")]


def test_others_cannot_edit_a_lesson_but_the_pmo_can(make_lesson, reader, pmo_user):
    lesson = make_lesson("t")
    with pytest.raises(NotAllowed):
        services.update_lesson(actor=reader, lesson=lesson, expected_version=1, title="x")
    services.update_lesson(actor=pmo_user, lesson=lesson, expected_version=1, title="Curated")
    lesson.refresh_from_db()
    assert lesson.title == "Curated" and lesson.version == 2 and "curated" in lesson.search_text


def test_an_update_needs_the_current_version(make_lesson, author):
    lesson = make_lesson("t")
    with pytest.raises(RuleError) as caught:
        services.update_lesson(actor=author, lesson=lesson, expected_version=None, title="x")
    assert fields(caught.value) == {"version"}
    services.update_lesson(actor=author, lesson=lesson, expected_version=1, title="x")
    with pytest.raises(StaleEdit):
        services.update_lesson(actor=author, lesson=Lesson.objects.get(pk=lesson.pk), expected_version=1, title="y")


def test_a_published_lesson_keeps_what_publishing_needs(make_lesson, author):
    lesson = make_lesson("t")
    with pytest.raises(RuleError) as caught:
        services.update_lesson(actor=author, lesson=lesson, expected_version=1, recommendation=" ")
    assert fields(caught.value) == {"recommendation"}


def test_only_a_draft_is_published(make_lesson, author):
    lesson = make_lesson("t")
    with pytest.raises(InvalidTransition):
        services.publish_lesson(actor=author, lesson=lesson, expected_version=1)


def test_retiring_needs_a_reason_and_keeps_the_lesson(make_lesson, author, pmo_user):
    lesson = make_lesson("t")
    with pytest.raises(RuleError) as caught:
        services.retire_lesson(actor=pmo_user, lesson=lesson, expected_version=1, reason=" ")
    assert fields(caught.value) == {"reason"}
    services.retire_lesson(actor=pmo_user, lesson=lesson, expected_version=1, reason="outdated")
    lesson.refresh_from_db()
    assert lesson.state == LessonState.RETIRED
    assert AuditEntry.objects.filter(object_type="lesson", object_id=lesson.pk, action="retire").exists()
    with pytest.raises(NotAllowed):
        services.update_lesson(actor=author, lesson=lesson, expected_version=lesson.version, title="x")


def test_only_the_pmo_merges_into_a_published_other_lesson(make_lesson, author, pmo_user):
    dup, survivor = make_lesson("dup"), make_lesson("survivor")
    draft = make_lesson("draft", publish=False)
    with pytest.raises(NotAllowed):
        services.merge_lesson(actor=author, lesson=dup, into=survivor, expected_version=1)
    with pytest.raises(RuleError) as caught:
        services.merge_lesson(actor=pmo_user, lesson=dup, into=dup, expected_version=1)
    assert fields(caught.value) == {"into"}
    with pytest.raises(RuleError) as caught:
        services.merge_lesson(actor=pmo_user, lesson=dup, into=draft, expected_version=1)
    assert fields(caught.value) == {"into"}
    services.merge_lesson(actor=pmo_user, lesson=dup, into=survivor, expected_version=1, reason="same")
    dup.refresh_from_db()
    assert dup.state == LessonState.MERGED and dup.merged_into == survivor


def test_merging_a_survivor_repoints_earlier_duplicates(make_lesson, pmo_user):
    a, b, c = make_lesson("a"), make_lesson("b"), make_lesson("c")
    services.merge_lesson(actor=pmo_user, lesson=a, into=b, expected_version=1)
    services.merge_lesson(actor=pmo_user, lesson=b, into=c, expected_version=1)
    a.refresh_from_db()
    assert a.merged_into == c


def test_one_vote_per_person_changeable_and_counted(make_lesson, reader, pm_user):
    lesson = make_lesson("t")
    services.vote(actor=reader, lesson=lesson, helpful=True)
    services.vote(actor=pm_user, lesson=lesson, helpful=True)
    services.vote(actor=reader, lesson=lesson, helpful=False)
    lesson.refresh_from_db()
    assert (lesson.helpful_count, lesson.unhelpful_count) == (1, 1)
    assert LessonVote.objects.filter(lesson=lesson).count() == 2


def test_authors_do_not_vote_on_their_own_lesson_nor_anyone_on_a_draft(make_lesson, author, reader):
    lesson = make_lesson("t")
    with pytest.raises(NotAllowed) as caught:
        services.vote(actor=author, lesson=lesson, helpful=True)
    assert fields(caught.value) == {"helpful"}
    draft = make_lesson("d", publish=False)
    with pytest.raises(NotAllowed):
        services.vote(actor=reader, lesson=draft, helpful=True)


def test_views_count_others_on_published_lessons_only(make_lesson, author, reader):
    lesson = make_lesson("t")
    services.record_view(lesson=lesson, viewer=author)
    services.record_view(lesson=lesson, viewer=reader)
    services.record_view(lesson=lesson, viewer=reader)
    lesson.refresh_from_db()
    assert lesson.view_count == 2


def test_attachments_are_checked_by_content(make_lesson, author, reader, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.PMO_UPLOAD_ROOT = tmp_path
    lesson = make_lesson("t")
    with pytest.raises(RuleError) as caught:
        services.add_attachment(actor=author, lesson=lesson, file=SimpleUploadedFile("a.pdf", b"not a pdf"))
    assert fields(caught.value) == {"file"}
    with pytest.raises(NotAllowed):
        services.add_attachment(actor=reader, lesson=lesson, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    attachment = services.add_attachment(actor=author, lesson=lesson, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"))
    services.remove_attachment(actor=author, attachment=attachment)
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    with pytest.raises(InvalidTransition):
        services.remove_attachment(actor=author, attachment=attachment)


def test_members_write_lessons_too():
    member = user_with_role(roles.MEMBER, "kn_member_writer")
    project = ProjectFactory()
    lesson = services.create_lesson(actor=member, title="t", source_project=project)
    assert lesson.author == member and lesson.state == LessonState.DRAFT
