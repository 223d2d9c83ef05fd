"""The dashboard's summary cache (``reporting.cache``): served from the cache while nothing changed, invalidated by
every committed change it shows — also in another process (the database version), keyed by who sees what and by
language."""

import json

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import audit, roles
from projects.models import Project
from projects.services.projects import update_project
from reporting import cache
from tests.factories import ProjectFactory, RiskFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    django_cache.clear()
    yield
    django_cache.clear()


def _quadrant(response) -> dict:
    body = response.content.decode()
    tag = '<script id="quadrant" type="application/json">'
    start = body.index(tag) + len(tag)
    return json.loads(body[start : body.index("</script>", start)])


def _commit_pending_bump():
    """What the commit of the test's transaction would run: the pending version bump (the test never commits)."""
    assert cache.bump_pending(), "no version bump was registered for the commit"
    cache._bump_database()
    connection.run_on_commit = [c for c in connection.run_on_commit if c[1] is not cache._bump_database]


class _AnotherProcess:
    """Undo this process's own immediate bump: only the database version (after commit) can invalidate."""

    def __init__(self, monkeypatch):
        self.monkeypatch, self.value = monkeypatch, cache._local_value

    def forget_local_bumps(self):
        self.monkeypatch.setattr(cache, "_local_value", self.value)


def test_a_second_request_is_served_from_the_cache(client, exec_user):
    ProjectFactory(overall_rag="red")
    client.force_login(exec_user)
    first = client.get("/dashboard/")
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/dashboard/")
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    # Neither the chart queries (risk heat map, RAG trend, issue ageing) nor the totals ran again.
    for fragment in ('"projects_risk"."probability"', '"projects_statusreport"."week"', '"projects_issue"."priority"'):
        assert fragment not in sql
    assert 'AS "watermelon"' not in sql
    assert len(ctx.captured_queries) < 12
    assert second.context["counts"] == first.context["counts"] == {"green": 0, "amber": 0, "red": 1, "none": 0}
    assert _quadrant(second) == _quadrant(first)


def test_a_service_change_invalidates_the_cache_of_every_process(client, exec_user, pmo_user, monkeypatch):
    project = ProjectFactory(name="旧名称プロジェクト", spi="0.9", cpi="1.0")
    _commit_pending_bump()
    client.force_login(exec_user)
    assert "旧名称プロジェクト" in json.dumps(_quadrant(client.get("/dashboard/")), ensure_ascii=False)
    other = _AnotherProcess(monkeypatch)
    update_project(actor=pmo_user, project=project, expected_version=project.version, name="新名称プロジェクト")
    other.forget_local_bumps()
    # Not committed yet: another process still serves what it cached (it cannot see the change either).
    assert "旧名称プロジェクト" in json.dumps(_quadrant(client.get("/dashboard/")), ensure_ascii=False)
    _commit_pending_bump()
    shown = json.dumps(_quadrant(client.get("/dashboard/")), ensure_ascii=False)
    assert "新名称プロジェクト" in shown and "旧名称プロジェクト" not in shown


def test_an_audited_bulk_update_invalidates_the_cache(client, exec_user, pmo_user, monkeypatch):
    """Services that write with ``queryset.update()`` (the cached project figures) are caught by their audit entry."""
    project = ProjectFactory(overall_rag="green")
    _commit_pending_bump()
    client.force_login(exec_user)
    assert client.get("/dashboard/").context["counts"]["green"] == 1
    other = _AnotherProcess(monkeypatch)
    Project.objects.filter(pk=project.pk).update(overall_rag="red")
    assert not cache.bump_pending()  # a bare queryset update sends no signal ...
    audit.record(project=project, actor=pmo_user, action="update", obj=project, changes={"overall_rag": ["", ""]})
    other.forget_local_bumps()
    assert client.get("/dashboard/").context["counts"]["green"] == 1  # not committed: still the cached summary
    _commit_pending_bump()  # ... the audit entry every service writes with it does
    counts = client.get("/dashboard/").context["counts"]
    assert counts["green"] == 0 and counts["red"] == 1


def _figure(response, chart_id) -> dict:
    body = response.content.decode()
    tag = f'<script id="{chart_id}" type="application/json">'
    start = body.index(tag) + len(tag)
    return json.loads(body[start : body.index("</script>", start)])


def test_a_new_item_invalidates_the_cache_in_this_process_at_once(client, exec_user):
    project = ProjectFactory()
    client.force_login(exec_user)
    assert not _figure(client.get("/dashboard/"), "risks")["data"]  # "no open risks" yet
    RiskFactory(project=project, probability=5, impact=5)
    assert sum(_figure(client.get("/dashboard/"), "risks")["data"][0]["customdata"]) == 1


def test_the_database_version_moves_only_after_commit(django_capture_on_commit_callbacks):
    before = cache.current_version().split(".")[:2]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cache.bump()
        cache.bump()
    assert len(callbacks) == 1  # one bump per transaction
    assert cache.current_version().split(".")[:2] == before
    for callback in callbacks:
        callback()
    epoch, counter = cache.current_version().split(".")[:2]
    assert epoch == before[0] and int(counter) == int(before[1]) + 1


def test_the_key_separates_what_users_may_see_and_languages(rf, exec_user, pmo_user, pm_user):
    params = {"org_unit": ["1"], "phase": []}
    assert cache.summary_key(user=exec_user, params=params) == cache.summary_key(user=pmo_user, params=params)
    assert cache.summary_key(user=pm_user, params=params) != cache.summary_key(user=exec_user, params=params)
    other_pm = user_with_role(roles.PM, "cache_other_pm")
    assert cache.summary_key(user=pm_user, params=params) != cache.summary_key(user=other_pm, params=params)
    assert cache.summary_key(user=exec_user, params=params) != cache.summary_key(user=exec_user, params={})
    from django.utils import translation

    with translation.override("en"):
        english = cache.summary_key(user=exec_user, params=params)
    with translation.override("ja"):
        assert cache.summary_key(user=exec_user, params=params) != english


def test_a_pm_never_gets_the_executives_cached_summary(client, exec_user):
    owner = user_with_role(roles.PM, "cache_owner")
    ProjectFactory(pm=owner, confidential=True, name="極秘案件", spi="1", cpi="1")
    client.force_login(exec_user)
    assert "極秘案件" in client.get("/dashboard/").content.decode()
    client.force_login(user_with_role(roles.PM, "cache_outsider"))
    response = client.get("/dashboard/")
    assert "極秘案件" not in response.content.decode()
    assert response.context["totals"].projects == 0


def test_the_english_dashboard_is_not_served_japanese_charts(client, exec_user):
    ProjectFactory(spi="1", cpi="1")
    client.force_login(exec_user)
    japanese = _figure(client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="ja"), "risks")["layout"]["title"]["text"]
    client.cookies["django_language"] = "en"
    english = _figure(client.get("/dashboard/"), "risks")["layout"]["title"]["text"]
    assert english == "Open risks: probability × impact"
    assert japanese != english
