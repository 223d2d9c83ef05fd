"""The knowledge pages and the API list run a fixed number of SQL queries, however many lessons they show.

Each page is measured at 5 and at 60 lessons (with tags, votes and a rollout-free detail page); the counts must be
equal and equal to the pinned ones in ``query_counts.json``. Regenerate with
``UPDATE_QUERY_COUNTS=1 pytest tests/knowledge/test_query_counts.py`` after a deliberate change, and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles
from knowledge import services
from knowledge.models import Lesson
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db
COUNTS_FILE = Path(__file__).with_name("query_counts.json")


def add_lessons(n: int, *, author, project) -> Lesson:
    first = None
    for i in range(n):
        lesson = services.create_lesson(
            actor=author,
            title=f"要件定義 lesson {Lesson.objects.count()}",
            what_happened="要件定義の合意が遅れた rollback",
            recommendation="r",
            phase="test",
            project_type=project.project_type,
            source_project=project if i % 2 else None,
            tags=[f"tag{i % 7}", "共通"],
            publish=True,
        )
        first = first or lesson
    return first


def urls(lesson: Lesson, project) -> dict[str, str]:
    return {
        "search_empty": "/knowledge/",
        "search_japanese": "/knowledge/?q=要件定義",
        "search_two_chars": "/knowledge/?q=要件",
        "search_filtered": "/knowledge/?q=rollback&phase=test&tag=共通",
        "search_htmx": "/knowledge/?q=要件定義&hx=1",
        "lesson_detail": f"/knowledge/{lesson.pk}/",
        "project_panel": f"/knowledge/project/{project.code}/panel/",
        "home_panel": "/knowledge/home-panel/",
        "api_list": "/api/v1/knowledge/lessons/?search=要件定義",
    }


def measure(client, lesson, project) -> dict[str, int]:
    out = {}
    for name, url in urls(lesson, project).items():
        headers = {"HTTP_HX_REQUEST": "true"} if name == "search_htmx" else {}
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        out[name] = len(ctx.captured_queries)
    return out


@pytest.mark.parametrize("who", ["pmo_user", "member_user"])
def test_query_counts_are_pinned_and_do_not_grow_with_the_lessons(client, request, who):
    user = request.getfixturevalue(who)
    author = user_with_role(roles.PM, "qc_author")
    project = ProjectFactory(pm=author, phase="test")
    voter = user_with_role(roles.MEMBER, "qc_voter")
    client.force_login(user)
    first = add_lessons(5, author=author, project=project)
    services.vote(actor=voter, lesson=first, helpful=True)
    small = measure(client, first, project)
    add_lessons(55, author=author, project=project)
    large = measure(client, first, project)
    assert small == large
    pinned = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
    if os.environ.get("UPDATE_QUERY_COUNTS") == "1":
        pinned[who] = small
        COUNTS_FILE.write_text(json.dumps(pinned, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    assert small == pinned.get(who), f"query counts changed for {who}: {small} (pinned: {pinned.get(who)})"
