"""Who reads which lesson, identically on the pages and in the API: a hidden lesson answers like a missing one."""

from __future__ import annotations

import pytest

from knowledge import selectors, services
from tests.knowledge.conftest import add_member

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return {lesson.title for lesson in selectors.lessons(user)}


def page_status(client, user, lesson) -> int:
    client.force_login(user)
    return client.get(f"/knowledge/{lesson.pk}/").status_code


def api_status(api_for, user, lesson) -> int:
    return api_for(user).get(f"/api/v1/knowledge/lessons/{lesson.pk}/").status_code


def test_a_member_cannot_see_another_authors_draft(make_lesson, reader, author, pmo_user, client, api_for):
    draft = make_lesson("Draft", publish=False)
    assert "Draft" not in visible(reader)
    assert page_status(client, reader, draft) == 404
    assert api_status(api_for, reader, draft) == 404
    assert "Draft" in visible(author) and "Draft" in visible(pmo_user)
    assert page_status(client, author, draft) == 200


def test_a_confidential_projects_lesson_is_hidden_from_outsiders(
    make_lesson, reader, exec_user, secret_project, client, api_for
):
    lesson = make_lesson("Secret", source_project=secret_project)
    assert "Secret" not in visible(reader)
    assert page_status(client, reader, lesson) == 404
    assert api_status(api_for, reader, lesson) == 404
    assert "Secret" in visible(exec_user)
    add_member(secret_project, reader)
    assert "Secret" in visible(reader)


def test_an_anonymised_lesson_is_read_by_all_without_its_project(
    make_lesson, reader, pmo_user, secret_project, client, api_for
):
    lesson = make_lesson("Anon", source_project=secret_project, publish=False)
    services.publish_lesson(actor=pmo_user, lesson=lesson, expected_version=1, anonymised=True)
    assert "Anon" in visible(reader)
    client.force_login(reader)
    page = client.get(f"/knowledge/{lesson.pk}/").content.decode()
    assert secret_project.code not in page and "Secret merger" not in page
    body = api_for(reader).get(f"/api/v1/knowledge/lessons/{lesson.pk}/").json()
    assert body["source_project"] is None and body["source_project_code"] is None
    listing = client.get("/knowledge/?q=Anon").content.decode()
    assert "Anon" in listing and secret_project.code not in listing
    # Filtering by the hidden project is refused like a missing project, not answered.
    response = api_for(reader).get(f"/api/v1/knowledge/lessons/?source_project={secret_project.pk}")
    assert response.status_code == 400


def test_users_without_a_role_see_nothing(make_lesson, norole_user, client, api_for):
    lesson = make_lesson("Public")
    assert visible(norole_user) == set()
    client.force_login(norole_user)
    assert client.get("/knowledge/").status_code == 403
    assert api_for(norole_user).get("/api/v1/knowledge/lessons/").status_code == 403
    assert page_status(client, norole_user, lesson) in (403, 404)


def test_retired_lessons_stay_readable_but_leave_search(make_lesson, pmo_user, reader, client):
    lesson = make_lesson("Retired one", what_happened="rollback")
    services.retire_lesson(actor=pmo_user, lesson=lesson, expected_version=1, reason="old")
    client.force_login(reader)
    assert client.get(f"/knowledge/{lesson.pk}/").status_code == 200
    assert "Retired one" not in client.get("/knowledge/?q=rollback").content.decode()


def test_a_merged_lesson_redirects_to_the_survivor(make_lesson, pmo_user, reader, client):
    dup, survivor = make_lesson("dup"), make_lesson("survivor")
    services.merge_lesson(actor=pmo_user, lesson=dup, into=survivor, expected_version=1)
    client.force_login(reader)
    response = client.get(f"/knowledge/{dup.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/knowledge/{survivor.pk}/"
