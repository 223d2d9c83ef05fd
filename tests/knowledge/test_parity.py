"""Page / API parity: each rule refused by the service reaches the same field on both paths."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def page_errors(client, user, url, data) -> set[str]:
    client.force_login(user)
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return {name for name in form.errors if name != "__all__"}


def api_errors(api, method, url, data) -> set[str]:
    response = getattr(api, method)(url, data, format="json")
    assert response.status_code == 400, response.content
    return set(response.json())


CASES = [
    # (rule, page url, page data, api method, api url, api data, field)
    ("title required", "/knowledge/new/", {"kind": "lesson", "title": " "}, "post", "/api/v1/knowledge/lessons/",
     {"title": " "}, "title"),
    ("publishing needs what happened", "/knowledge/new/", {"kind": "lesson", "title": "t", "recommendation": "r",
     "publish": "1"}, "post", "/api/v1/knowledge/lessons/", {"title": "t", "recommendation": "r", "publish": True},
     "what_happened"),
    ("too many tags", "/knowledge/new/", {"kind": "lesson", "title": "t", "tags": ",".join(f"t{i}" for i in range(11))},
     "post", "/api/v1/knowledge/lessons/", {"title": "t", "tags": [f"t{i}" for i in range(11)]}, "tags"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_same_field_on_both_paths(case, author, client, api_for):
    _, page_url, page_data, method, api_url, api_data, field = case
    assert field in page_errors(client, author, page_url, page_data)
    assert field in api_errors(api_for(author), method, api_url, api_data)


def test_anonymising_is_the_pmos_on_both_paths(author, secret_project, client, api_for):
    """The page does not offer the checkbox to others (a forged value is ignored); the API refuses it at the field."""
    from knowledge.models import Lesson

    client.force_login(author)
    response = client.post("/knowledge/new/", {"kind": "lesson", "title": "t", "source_project": secret_project.pk,
                                               "anonymised": "on"})  # fmt: skip
    assert response.status_code == 302 and Lesson.objects.get().anonymised is False
    assert "anonymised" in api_errors(api_for(author), "post", "/api/v1/knowledge/lessons/",
                                      {"title": "t", "source_project": secret_project.pk, "anonymised": True})  # fmt: skip


def test_an_invisible_source_project_on_both_paths(reader, secret_project, client, api_for):
    assert "source_project" in page_errors(client, reader, "/knowledge/new/",
                                           {"kind": "lesson", "title": "t", "source_project": secret_project.pk})  # fmt: skip
    assert "source_project" in api_errors(api_for(reader), "post", "/api/v1/knowledge/lessons/",
                                          {"title": "t", "source_project": secret_project.pk})  # fmt: skip
