"""The knowledge pages: search with filters and highlighting, writing, editing, voting, the project panel."""

from __future__ import annotations

import pytest

from knowledge.models import Lesson
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_search_page_finds_highlights_and_filters(make_lesson, reader, client):
    make_lesson("要件定義の合意", what_happened="顧客との要件定義が遅れた。", kind="failure", phase="requirements",
                tags=["要件定義"])  # fmt: skip
    make_lesson("Cloud sizing", what_happened="Load tests.", kind="success", phase="design")
    client.force_login(reader)
    page = client.get("/knowledge/", {"q": "要件"}).content.decode()
    assert "<mark>要件</mark>定義の合意" in page and "Cloud sizing" not in page
    assert "Cloud sizing" in client.get("/knowledge/", {"kind": "success"}).content.decode()
    assert "Cloud sizing" not in client.get("/knowledge/", {"phase": "requirements"}).content.decode()
    assert "要件定義の合意" in client.get("/knowledge/", {"tag": "要件定義"}).content.decode()


def test_htmx_gets_only_the_results(make_lesson, reader, client):
    make_lesson("Fragment lesson")
    client.force_login(reader)
    response = client.get("/knowledge/", {"q": "Fragment"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Fragment" in body and "<html" not in body and 'data-testid="result-count"' in body


def test_user_text_renders_inert(make_lesson, reader, client):
    lesson = make_lesson("<script>alert(1)</script>", what_happened="<img src=x onerror=alert(1)> [x](javascript:alert(1))",
                         tags=["<b>t</b>"])  # fmt: skip
    client.force_login(reader)
    for url in ("/knowledge/", "/knowledge/?q=script", f"/knowledge/{lesson.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in body and "<img" not in body
        assert 'href="javascript' not in body
        assert "<b>t</b>" not in body


def test_writing_a_lesson_shows_rule_errors_at_their_fields(author, client, open_project):
    client.force_login(author)
    response = client.post("/knowledge/new/", {"kind": "lesson", "title": "", "publish": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"title", "what_happened", "recommendation"}
    assert 'aria-describedby="id_title_error"' in response.content.decode()
    response = client.post(
        "/knowledge/new/",
        {"kind": "tip", "title": "T", "what_happened": "w", "recommendation": "r", "tags": "a, b",
         "source_project": open_project.pk, "publish": "1"},
    )  # fmt: skip
    lesson = Lesson.objects.get(title="T")
    assert response.status_code == 302 and lesson.state == "published" and lesson.tags.count() == 2


def test_an_invisible_project_is_refused_like_a_missing_one(reader, client, secret_project):
    client.force_login(reader)
    response = client.post("/knowledge/new/", {"kind": "tip", "title": "T", "source_project": secret_project.pk})
    assert response.status_code == 200 and "source_project" in response.context["form"].errors
    assert not Lesson.objects.exists()


def test_a_stale_edit_keeps_the_input_and_names_the_change(make_lesson, author, pmo_user, client):
    lesson = make_lesson("Original")
    client.force_login(pmo_user)
    client.post(f"/knowledge/{lesson.pk}/edit/", {"kind": "lesson", "title": "By PMO", "what_happened": "w",
                                                 "recommendation": "r", "version": 1})  # fmt: skip
    client.force_login(author)
    response = client.post(f"/knowledge/{lesson.pk}/edit/", {"kind": "lesson", "title": "Mine", "what_happened": "w",
                                                            "recommendation": "r", "version": 1})  # fmt: skip
    assert response.status_code == 409
    assert 'value="Mine"' in response.content.decode()
    assert Lesson.objects.get(pk=lesson.pk).title == "By PMO"


def test_others_may_not_open_the_editor(make_lesson, reader, client):
    lesson = make_lesson("t")
    client.force_login(reader)
    assert client.get(f"/knowledge/{lesson.pk}/edit/").status_code == 403
    assert client.post(f"/knowledge/{lesson.pk}/retire/", {"version": 1, "reason": "x"}).status_code == 403


def test_voting_with_htmx_returns_the_widget(make_lesson, reader, client):
    lesson = make_lesson("t")
    client.force_login(reader)
    response = client.post(f"/knowledge/{lesson.pk}/vote/", {"helpful": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'aria-pressed="true"' in body and "<html" not in body
    assert Lesson.objects.get(pk=lesson.pk).helpful_count == 1
    response = client.post(f"/knowledge/{lesson.pk}/vote/", {"helpful": "0"})
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert (lesson.helpful_count, lesson.unhelpful_count) == (0, 1)


def test_opening_a_lesson_counts_a_view(make_lesson, reader, client):
    lesson = make_lesson("t")
    client.force_login(reader)
    client.get(f"/knowledge/{lesson.pk}/")
    client.get(f"/knowledge/{lesson.pk}/")
    assert Lesson.objects.get(pk=lesson.pk).view_count == 2


def test_the_project_panel_suggests_relevant_lessons_best_first(make_lesson, reader, client, author):
    project = ProjectFactory(pm=author, project_type="infrastructure", phase="test")
    make_lesson("Same type and phase", project_type="infrastructure", phase="test")
    make_lesson("Same phase", project_type="rnd", phase="test")
    make_lesson("Same type", project_type="infrastructure", phase="design")
    make_lesson("Unrelated", project_type="rnd", phase="design")
    make_lesson("A draft", project_type="infrastructure", phase="test", publish=False)
    client.force_login(reader)
    body = client.get(f"/knowledge/project/{project.code}/panel/").content.decode()
    order = [body.find(t) for t in ("Same type and phase", "Same type", "Same phase")]
    assert all(i > 0 for i in order) and order == sorted(order)
    assert "Unrelated" not in body and "A draft" not in body


def test_the_panel_of_a_hidden_project_is_a_404(reader, client, secret_project):
    client.force_login(reader)
    assert client.get(f"/knowledge/project/{secret_project.code}/panel/").status_code == 404


def test_the_panel_invites_the_pm_of_a_closing_project(author, client):
    project = ProjectFactory(pm=author, phase="closure")
    client.force_login(author)
    body = client.get(f"/knowledge/project/{project.code}/panel/").content.decode()
    assert f"/knowledge/close/{project.code}/" in body


def test_a_bad_filter_value_is_ignored_on_the_page_and_refused_by_the_api(make_lesson, reader, client, api_for):
    make_lesson("要件定義の遅れ", what_happened="要件定義")
    client.force_login(reader)
    response = client.get("/knowledge/", {"q": "要件", "kind": "bogus", "page": "x"})
    assert response.status_code == 200 and "<mark>要件</mark>" in response.content.decode()
    assert api_for(reader).get("/api/v1/knowledge/lessons/", {"search": "要件", "kind": "bogus"}).status_code == 400


def test_the_home_panel_lists_closing_projects_drafts_and_new_lessons(make_lesson, author, reader, client):
    project = ProjectFactory(pm=author, phase="closure", code="PRJ-KN-CLOSE")
    make_lesson("My draft", publish=False)
    make_lesson("New one")
    client.force_login(author)
    body = client.get("/knowledge/home-panel/").content.decode()
    assert "/knowledge/close/PRJ-KN-CLOSE/" in body and "My draft" in body and "New one" in body
    client.force_login(reader)
    body = client.get("/knowledge/home-panel/").content.decode()
    assert "PRJ-KN-CLOSE" not in body and "My draft" not in body and "New one" in body
    make_lesson("closing lesson", source_project=project)
    client.force_login(author)
    assert "/knowledge/close/PRJ-KN-CLOSE/" not in client.get("/knowledge/home-panel/").content.decode()


def test_an_author_who_lost_sight_of_the_project_can_still_edit(author, client, secret_project, make_lesson):
    from projects.models import Project
    from tests.factories import UserFactory

    lesson = make_lesson("Mine", source_project=secret_project)
    Project.objects.filter(pk=secret_project.pk).update(pm=UserFactory(role="PM"))  # the author left the project
    client.force_login(author)
    response = client.post(f"/knowledge/{lesson.pk}/edit/", {"kind": "lesson", "title": "Mine, edited",
                           "what_happened": "w", "recommendation": "r", "source_project": secret_project.pk,
                           "version": lesson.version})  # fmt: skip
    assert response.status_code == 302
    assert Lesson.objects.get(pk=lesson.pk).title == "Mine, edited"


def test_the_pmo_merges_on_the_page_with_errors_at_the_field(make_lesson, pmo_user, client):
    dup, survivor = make_lesson("dup"), make_lesson("survivor")
    client.force_login(pmo_user)
    assert client.get(f"/knowledge/{dup.pk}/merge/").status_code == 200
    response = client.post(f"/knowledge/{dup.pk}/merge/", {"version": 1, "into": ""})
    assert response.status_code == 200 and "into" in response.context["form"].errors
    response = client.post(f"/knowledge/{dup.pk}/merge/", {"version": 1, "into": survivor.pk, "reason": "same"})
    assert response.status_code == 302 and response["Location"] == f"/knowledge/{survivor.pk}/"
    assert client.get(f"/knowledge/{survivor.pk}/").content.decode().count("dup") >= 1


def test_the_author_publishes_a_draft_from_its_page(make_lesson, author, client):
    draft = make_lesson("Draft to publish", publish=False)
    client.force_login(author)
    assert 'data-testid="publish"' in client.get(f"/knowledge/{draft.pk}/").content.decode()
    response = client.post(f"/knowledge/{draft.pk}/publish/", {"version": 1})
    assert response.status_code == 302 and Lesson.objects.get(pk=draft.pk).state == "published"


def test_attachments_download_only_for_readers_of_the_lesson(make_lesson, author, reader, client, settings, tmp_path,
                                                            secret_project):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge import services

    settings.PMO_UPLOAD_ROOT = tmp_path
    open_lesson = make_lesson("Open")
    secret_lesson = make_lesson("Secret", source_project=secret_project)
    a = services.add_attachment(actor=author, lesson=open_lesson, file=SimpleUploadedFile("計画.pdf", b"%PDF-1.4 x"))
    b = services.add_attachment(actor=author, lesson=secret_lesson, file=SimpleUploadedFile("s.pdf", b"%PDF-1.4 y"))
    client.force_login(reader)
    response = client.get(f"/knowledge/{open_lesson.pk}/attachments/{a.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"/knowledge/{secret_lesson.pk}/attachments/{b.pk}/").status_code == 404
    assert client.get(f"/knowledge/{open_lesson.pk}/attachments/{b.pk}/").status_code == 404
    assert client.post(f"/knowledge/{open_lesson.pk}/attachments/{a.pk}/remove/").status_code == 403
    client.force_login(author)
    response = client.post(f"/knowledge/{open_lesson.pk}/attachments/", {"file": SimpleUploadedFile("x.pdf", b"no")})
    assert response.status_code == 302 and open_lesson.attachments.count() == 1
