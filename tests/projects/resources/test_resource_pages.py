"""Resource pages: the project's Resources tab (the PM edits the grid), the person page (the PMO edits it), the
people list, the heat map (over 100 % flagged) and demand vs capacity; object-level permissions and fixed query
counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Allocation, Person, Skill
from tests.factories import ProjectFactory
from tests.projects.resources.conftest import MONTH, book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def test_project_tab_shows_the_grid_and_the_pm_saves_it(client, pm_user, project, person):
    book(person, project, percent=50)
    client.force_login(pm_user)
    url = reverse("projects:resources", kwargs={"code": project.code})
    page = client.get(url)
    assert page.status_code == 200 and b'name="a-%d-202611"' % person.pk in page.content
    data = {f"a-{person.pk}-202611": "70", f"v-{person.pk}-202611": "1", f"a-{person.pk}-202612": "30"}
    assert client.post(url, data).status_code == 302
    assert sorted(Allocation.objects.values_list("month", "percent")) == [(MONTH, 70), (dt.date(2026, 12, 1), 30)]


def test_project_grid_error_is_shown_at_its_cell_and_nothing_is_saved(client, pm_user, project, person):
    client.force_login(pm_user)
    url = reverse("projects:resources", kwargs={"code": project.code})
    data = {"new-person": str(person.pk), "a-new-202611": "50", "a-new-202612": "500"}
    page = client.post(url, data)
    assert page.status_code == 400
    assert b'aria-describedby="a-new-202612_error"' in page.content
    assert not Allocation.objects.exists()


def test_project_grid_books_a_new_person(client, pm_user, project, person):
    client.force_login(pm_user)
    url = reverse("projects:resources", kwargs={"code": project.code})
    assert client.post(url, {"new-person": str(person.pk), "a-new-202601": "", "a-new-202611": "25"}).status_code == 302
    assert Allocation.objects.get().percent == 25


def test_only_the_pm_or_pmo_edits_the_project_grid(client, other_pm, member_user, project, person):
    url = reverse("projects:resources", kwargs={"code": project.code})
    client.force_login(other_pm)
    page = client.get(url)
    assert page.status_code == 200 and b'name="a-' not in page.content
    assert client.post(url, {"new-person": str(person.pk), "a-new-202611": "25"}).status_code == 403
    assert not Allocation.objects.exists()


def test_a_confidential_project_tab_is_a_404_for_outsiders(client, member_user, project):
    project.confidential = True
    project.save()
    client.force_login(member_user)
    assert client.get(reverse("projects:resources", kwargs={"code": project.code})).status_code == 404


def test_person_page_lists_every_project_and_hides_confidential_ones(
    client, member_user, project, other_project, person
):
    book(person, project, percent=30)
    book(person, other_project, percent=30, month=dt.date(2026, 5, 1))
    other_project.confidential = True
    other_project.save()
    client.force_login(member_user)
    page = client.get(person.get_absolute_url())
    assert page.status_code == 200
    assert project.code.encode() in page.content and other_project.code.encode() not in page.content
    assert b'name="a-' not in page.content  # only the PMO edits a person's grid
    assert client.post(person.get_absolute_url(), {}).status_code == 403


def test_pmo_edits_the_person_grid_and_the_person(client, pmo_user, project, person, org):
    client.force_login(pmo_user)
    url = person.get_absolute_url()
    assert client.post(url, {"new-project": str(project.pk), "a-new-202611": "80"}).status_code == 302
    assert Allocation.objects.get().percent == 80
    data = {
        "action": "edit",
        "name": "山田 一郎",
        "org_unit": org.pk,
        "capacity_fte": "2",
        "skills": "",
        "version": "1",
    }
    page = client.post(url, data)
    assert page.status_code == 400 and b'id="id_capacity_fte_error"' in page.content
    data["capacity_fte"] = "0.5"
    assert client.post(url, data).status_code == 302
    assert Person.objects.get().capacity_fte == Decimal("0.50")


def test_unknown_person_is_a_404(client, pmo_user):
    client.force_login(pmo_user)
    assert client.get(reverse("projects:person_detail", kwargs={"pk": 999999})).status_code == 404


def test_people_list_add_person_errors_at_fields(client, pmo_user, pm_user, org, person):
    client.force_login(pmo_user)
    url = reverse("projects:people")
    assert "山田".encode() in client.get(url).content
    bad = client.post(url, {"name": "", "org_unit": org.pk, "capacity_fte": "1"})
    assert bad.status_code == 400 and b"id_name_error" in bad.content
    assert (
        client.post(
            url, {"name": "<b>X</b>", "org_unit": org.pk, "capacity_fte": "1", "skills": "Go, Rust", "active": "on"}
        ).status_code
        == 302
    )
    assert b"<b>X</b>" not in client.get(url).content
    client.force_login(pm_user)
    assert client.post(url, {"name": "Y", "org_unit": org.pk, "capacity_fte": "1"}).status_code == 403


def test_heatmap_flags_over_allocation_and_filters(client, pmo_user, project, other_project, person, org):
    book(person, project, percent=60)
    book(person, other_project, percent=50)
    calm = Person.objects.create(name="静か", org_unit=org)
    book(calm, project, percent=100)
    client.force_login(pmo_user)
    page = client.get(reverse("projects:heatmap"))
    content = page.content.decode()
    assert 'data-testid="heatmap"' in content and "110%" in content
    assert page.context["over_count"] == 1
    only = client.get(reverse("projects:heatmap"), {"over_only": "on"})
    assert [r.person.name for r in only.context["rows"]] == ["山田 一郎"]
    by_skill = client.get(reverse("projects:heatmap"), {"skill": Skill.objects.get(name="Java").pk})
    assert [r.person.name for r in by_skill.context["rows"]] == ["山田 一郎"]
    bad = client.get(reverse("projects:heatmap"), {"start": "2026-99"})
    assert bad.status_code == 200 and b"id_start_error" in bad.content


def test_demand_vs_capacity_by_skill(client, pmo_user, project, person, java):
    book(person, project, percent=150 // 1 - 50, skill=java)  # 100 % of one person
    other = Person.objects.create(name="B", org_unit=person.org_unit, capacity_fte=Decimal("0.5"))
    other.skills.add(java)
    book(other, project, percent=100, skill=java)
    client.force_login(pmo_user)
    page = client.get(reverse("projects:demand"))
    [line] = page.context["lines"]
    assert (line.skill, line.people, line.capacity) == ("Java", 2, Decimal("1.50"))
    assert line.demand[0] == Decimal("2.00") and line.gaps[0] == Decimal("-0.50")
    assert b"table-danger" in page.content


def _grow(org, n, start):
    skill = Skill.objects.get_or_create(name="Java")[0]
    for i in range(n):
        p = Person.objects.create(name=f"P{start + i}", org_unit=org)
        p.skills.add(skill)
        proj = ProjectFactory(org_unit=org)
        Allocation.objects.create(person=p, project=proj, month=MONTH, percent=50, skill=skill)


#: The exact number of queries of each page for the PMO (session, user, roles, then the page's reads).
PINNED = {"projects:people": 11, "projects:heatmap": 9, "projects:demand": 7, "projects:warnings": 5}


@pytest.mark.parametrize("name", list(PINNED))
def test_resource_pages_run_a_fixed_number_of_queries(client, pmo_user, org, name):
    client.force_login(pmo_user)
    _grow(org, 3, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _grow(org, 20, 100)
    with CaptureQueriesContext(connection) as big:
        assert client.get(reverse(name)).status_code == 200
    assert len(big) == len(small) == PINNED[name], (name, len(big))


PROJECT_TAB_QUERIES = 10
PERSON_PAGE_QUERIES = 12


def test_project_tab_query_count_is_pinned_and_does_not_grow(client, pmo_user, project, org):
    client.force_login(pmo_user)
    skill = Skill.objects.create(name="Go")

    def add(n, start):
        for i in range(n):
            p = Person.objects.create(name=f"Q{start + i}", org_unit=org)
            p.skills.add(skill)
            for m in (MONTH, dt.date(2026, 12, 1)):
                Allocation.objects.create(person=p, project=project, month=m, percent=10)

    add(2, 0)
    url = reverse("projects:resources", kwargs={"code": project.code})
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(15, 100)
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small) == PROJECT_TAB_QUERIES, len(big)


def test_person_page_query_count_is_pinned_and_does_not_grow(client, pmo_user, person, org):
    client.force_login(pmo_user)

    def add(n):
        for _i in range(n):
            proj = ProjectFactory(org_unit=org)
            for m in (MONTH, dt.date(2026, 12, 1)):
                Allocation.objects.create(person=person, project=proj, month=m, percent=5)

    add(2)
    with CaptureQueriesContext(connection) as small:
        client.get(person.get_absolute_url())
    add(12)
    with CaptureQueriesContext(connection) as big:
        client.get(person.get_absolute_url())
    assert len(big) == len(small) == PERSON_PAGE_QUERIES, len(big)


def test_people_list_shows_inactive_people_on_request(client, pmo_user, person):
    person.active = False
    person.save()
    client.force_login(pmo_user)
    assert "山田".encode() not in client.get(reverse("projects:people")).content
    assert "山田".encode() in client.get(reverse("projects:people"), {"inactive": "on"}).content
