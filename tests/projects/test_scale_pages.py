"""Pages that must not grow with the portfolio (issue 11): the page links of the lists stay a fixed handful however
many pages there are, and a filter with more choices than a select can carry becomes a text input (a code or a
username) that filters the same way."""

from __future__ import annotations

import re

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from projects.views import cross_lists, project_pages
from projects.views.project_pages import page_window
from tests.factories import IssueFactory, ProjectFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def test_the_page_window_is_first_last_and_two_on_each_side():
    paginator = Paginator(range(1000), 25)  # 40 pages
    assert page_window(paginator, paginator.page(20)) == [1, "…", 18, 19, 20, 21, 22, "…", 40]
    assert page_window(paginator, paginator.page(1)) == [1, 2, 3, "…", 40]
    assert page_window(Paginator(range(100), 25), Paginator(range(100), 25).page(2)) == [1, 2, 3, 4]


def _page_links(html: str) -> list[str]:
    return re.findall(r'<li class="page-item[^"]*"[^>]*>\s*<(?:a|span) class="page-link"[^>]*>([^<]+)<', html)


def test_the_project_list_shows_a_fixed_number_of_page_links(client, pmo_user, monkeypatch):
    monkeypatch.setattr(project_pages.ProjectListView, "paginate_by", 1)
    for _ in range(15):
        ProjectFactory()
    client.force_login(pmo_user)
    links = _page_links(client.get(reverse("projects:list") + "?page=8").text)
    assert links == ["Previous", "1", "…", "6", "7", "8", "9", "10", "…", "15", "Next"] or links[1:-1] == [
        "1",
        "…",
        "6",
        "7",
        "8",
        "9",
        "10",
        "…",
        "15",
    ]


def test_the_cross_list_shows_a_fixed_number_of_page_links(client, pmo_user, monkeypatch):
    monkeypatch.setattr(cross_lists.CrossListView, "paginate_by", 1)
    project = ProjectFactory()
    for i in range(12):
        IssueFactory(project=project, title=f"Issue {i}")
    client.force_login(pmo_user)
    links = _page_links(client.get(reverse("projects:issue_list") + "?page=12").text)
    assert links[1:-1] == ["1", "…", "10", "11", "12"]


def test_a_project_filter_with_too_many_choices_is_a_code_input(client, pmo_user, monkeypatch):
    monkeypatch.setattr(cross_lists, "MAX_OPTIONS", 3)
    projects = [ProjectFactory(code=f"SC-{i:02d}") for i in range(5)]
    for p in projects:
        IssueFactory(project=p, title=f"Issue of {p.code}", owner=UserFactory())
    client.force_login(pmo_user)
    response = client.get(reverse("projects:issue_list") + "?project=SC-03")
    html = response.text
    assert re.search(r'<input[^>]*name="project"[^>]*value="SC-03"', html)
    assert not re.search(r'<select[^>]*name="project"', html)
    assert re.search(r'<input[^>]*name="owner"', html)  # five owners: more than three
    assert re.search(r'<select[^>]*name="org_unit"', html)  # org units (chosen by id) stay a select
    assert [i.title for i in response.context["items"]] == ["Issue of SC-03"]
    assert 'for="filter-project"' in html and 'id="filter-project"' in html


def test_the_project_list_pm_filter_with_too_many_pms_is_a_username_input(client, pmo_user, monkeypatch):
    monkeypatch.setattr(project_pages, "MAX_PM_OPTIONS", 1)
    first, second = UserFactory(username="pm_one"), UserFactory(username="pm_two")
    ProjectFactory(code="PM-ONE", pm=first)
    ProjectFactory(code="PM-TWO", pm=second)
    client.force_login(pmo_user)
    response = client.get(reverse("projects:list") + "?pm=pm_two")
    assert re.search(r'<input[^>]*name="pm"[^>]*value="pm_two"', response.text)
    assert [p.code for p in response.context["projects"]] == ["PM-TWO"]
    monkeypatch.setattr(project_pages, "MAX_PM_OPTIONS", 200)
    assert re.search(r'<select[^>]*name="pm"', client.get(reverse("projects:list")).text)
