"""The portfolio dashboard: what each role sees, and a fixed number of queries however big the portfolio."""

import pytest

from core import roles
from tests.factories import ProjectFactory, user_with_role

pytestmark = pytest.mark.django_db


def _portfolio(n: int, pm):
    for i in range(n):
        ProjectFactory(pm=pm, overall_rag=("green", "amber", "red", "")[i % 4], confidential=(i % 5 == 0))


@pytest.mark.parametrize("size", [10, 200])
def test_dashboard_query_count_is_fixed(client, django_assert_max_num_queries, size):
    pm = user_with_role(roles.PM, "dash_pm")
    _portfolio(size, pm)
    client.force_login(user_with_role(roles.EXECUTIVE, "dash_exec"))
    with django_assert_max_num_queries(8):
        response = client.get("/dashboard/")
    assert response.status_code == 200
    counts = response.context["counts"]
    assert sum(counts.values()) == size
    assert counts["green"] == len(range(0, size, 4))


def test_dashboard_hides_confidential_projects_from_outsiders(client):
    owner = user_with_role(roles.PM, "owner_pm")
    secret = ProjectFactory(pm=owner, confidential=True, name="極秘プロジェクト")
    open_one = ProjectFactory(pm=owner, name="公開プロジェクト")
    outsider = user_with_role(roles.PM, "outsider_pm")
    client.force_login(outsider)
    body = client.get("/dashboard/").content.decode()
    assert open_one.name in body
    assert secret.name not in body
    client.force_login(user_with_role(roles.EXECUTIVE, "exec_viewer"))
    assert secret.name in client.get("/dashboard/").content.decode()
