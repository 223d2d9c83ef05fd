"""/api/v1/knowledge/lessons/: search and filters, writes through the services, the same refusals as the pages."""

from __future__ import annotations

import pytest

from knowledge.models import Lesson

pytestmark = pytest.mark.django_db
URL = "/api/v1/knowledge/lessons/"


def test_search_and_filters(make_lesson, reader, api_for, open_project):
    make_lesson("要件定義の遅れ", what_happened="顧客の要件定義書", kind="failure", phase="requirements",
                dimension="scope", tags=["要件定義"], source_project=open_project)  # fmt: skip
    make_lesson("Body mention", what_happened="要件定義 again", kind="tip", phase="design")
    make_lesson("Cloud", what_happened="sizing", kind="success")
    api = api_for(reader)
    body = api.get(URL, {"search": "要件定義"}).json()
    assert [r["title"] for r in body["results"]] == ["要件定義の遅れ", "Body mention"]
    assert body["results"][0]["tags"] == ["要件定義"] and body["results"][0]["source_project_code"] == "PRJ-KN-001"
    for params, expected in (
        ({"kind": "success"}, ["Cloud"]),
        ({"phase": "design"}, ["Body mention"]),
        ({"dimension": "scope"}, ["要件定義の遅れ"]),
        ({"tag": "要件定義"}, ["要件定義の遅れ"]),
        ({"project_type": "system_development", "source_project": open_project.pk}, ["要件定義の遅れ"]),
    ):
        assert [r["title"] for r in api.get(URL, params).json()["results"]] == expected, params
    assert api.get(URL, {"kind": "nonsense"}).status_code == 400


def test_create_update_publish_through_the_services(author, api_for, pmo_user):
    api = api_for(author)
    response = api.post(URL, {"title": "", "publish": True}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "what_happened", "recommendation"}
    response = api.post(URL, {"title": "Draft", "tags": ["a", "b"]}, format="json")
    assert response.status_code == 201 and response.json()["state"] == "draft"
    pk = response.json()["id"]
    response = api.patch(f"{URL}{pk}/", {"title": "Renamed"}, format="json")
    assert response.status_code == 400 and "version" in response.json()
    response = api.patch(f"{URL}{pk}/", {"title": "Renamed", "version": 1, "what_happened": "w"}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert api.patch(f"{URL}{pk}/", {"title": "Again", "version": 1}, format="json").status_code == 409
    response = api.post(f"{URL}{pk}/publish/", {"version": 2}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"recommendation"}
    api.patch(f"{URL}{pk}/", {"recommendation": "r", "version": 2}, format="json")
    response = api.post(f"{URL}{pk}/publish/", {"version": 3}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "published"
    assert api.delete(f"{URL}{pk}/").status_code == 405


def test_votes_merge_and_retire(make_lesson, reader, author, pmo_user, api_for):
    lesson, survivor = make_lesson("dup"), make_lesson("survivor")
    response = api_for(reader).post(f"{URL}{lesson.pk}/vote/", {"helpful": True}, format="json")
    assert response.status_code == 200 and response.json()["helpful_count"] == 1
    assert api_for(author).post(f"{URL}{lesson.pk}/vote/", {"helpful": True}, format="json").status_code == 403
    assert api_for(author).post(f"{URL}{lesson.pk}/merge/", {"version": 1, "into": survivor.pk},
                                format="json").status_code == 403  # fmt: skip
    response = api_for(pmo_user).post(f"{URL}{lesson.pk}/merge/", {"version": 1, "into": 999999}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"into"}
    response = api_for(pmo_user).post(f"{URL}{lesson.pk}/merge/", {"version": 1, "into": survivor.pk}, format="json")
    assert response.status_code == 200 and response.json()["id"] == survivor.pk
    response = api_for(pmo_user).post(f"{URL}{survivor.pk}/retire/", {"version": 1}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"reason"}
    response = api_for(pmo_user).post(f"{URL}{survivor.pk}/retire/", {"version": 1, "reason": "old"}, format="json")
    assert response.json()["state"] == "retired"
    assert Lesson.objects.count() == 2


def test_the_list_holds_published_lessons_unless_asked(make_lesson, author, reader, api_for):
    make_lesson("Mine draft", publish=False)
    make_lesson("Published")
    assert [r["title"] for r in api_for(reader).get(URL).json()["results"]] == ["Published"]
    assert [r["title"] for r in api_for(author).get(URL, {"state": "draft"}).json()["results"]] == ["Mine draft"]
    assert api_for(reader).get(URL, {"state": "draft"}).json()["count"] == 0
