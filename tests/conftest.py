import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core import roles
from tests.factories import user_with_role

#: The instant ``frozen_now`` stops the clock at: Wednesday 25 November 2026, 10:00 in Tokyo, in ISO week 2026-W48
#: (Monday 2026-11-23 .. Sunday 2026-11-29; that week's status deadline is Friday 2026-11-27 17:00).
FROZEN_NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
FROZEN_WEEK = "2026-W48"


@pytest.fixture(scope="session", autouse=True)
def _announce_backends(django_db_blocker):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split(":", 1)[0]
    print(f"\n[pmo-portal tests] database: {engine}, broker: {broker}")
    if os.environ.get("REQUIRE_SERVICES") == "1":
        assert engine == "postgresql", "CI requires PostgreSQL"
        assert broker == "redis", "CI requires Redis"


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """Each test starts with no cached dashboard summary (``reporting.cache``; rolled-back data never commits, so
    the database version cannot tell tests apart)."""
    from reporting import cache

    cache.new_generation()


@pytest.fixture
def pmo_user(db):
    return user_with_role(roles.PMO, "alice_pmo")


@pytest.fixture
def exec_user(db):
    return user_with_role(roles.EXECUTIVE, "erin_exec")


@pytest.fixture
def pm_user(db):
    return user_with_role(roles.PM, "bob_pm")


@pytest.fixture
def other_pm(db):
    return user_with_role(roles.PM, "carol_pm")


@pytest.fixture
def member_user(db):
    return user_with_role(roles.MEMBER, "dave_member")


@pytest.fixture
def norole_user(db):
    return user_with_role(None, "nora_norole")


@pytest.fixture(autouse=True)
def _restore_role_groups(request, django_db_blocker):
    """Transactional tests end with a flush that also removes the role groups made by a data migration.

    Before each database test, put them back if a flush removed them, so every test sees the database as the
    migrations left it. (Done at setup: a live server's database fixture is torn down after ours.)
    """
    markers = {m.name for m in request.node.iter_markers()}
    uses_db = "django_db" in markers or {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db:
        from django.contrib.auth.models import Group

        request.getfixturevalue("django_db_setup")  # never touch a database but the test one

        with django_db_blocker.unblock():
            if Group.objects.filter(name__in=roles.ALL_ROLES).count() < len(roles.ALL_ROLES):
                for name in roles.ALL_ROLES:
                    Group.objects.get_or_create(name=name)
    yield


@pytest.fixture
def frozen_now(request):
    """Stop the clock at ``FROZEN_NOW`` (Wednesday 2026-11-25 10:00 Asia/Tokyo, ISO week ``FROZEN_WEEK``).

    For tests where "today", "this week" or a deadline matters: ``timezone.now()``, ``timezone.localdate()``,
    ``datetime.now()``, ``date.today()`` and ``time.time()`` all answer that instant and do not move (``tick=False``)
    until the test ends. Use it per test (``def test_x(frozen_now): ...``, the fixture's value is ``FROZEN_NOW``) or
    per module (``pytestmark = pytest.mark.usefixtures("frozen_now")``). The database's own clock (``NOW()`` in
    SQL) is not frozen.

    The clock is frozen for the whole process, every thread included, so a test with a live server (browser tests)
    or a real Celery worker must not use it: they would see time stand still. Such a test fails at once.
    """
    markers = {marker.name for marker in request.node.iter_markers()}
    if {"browser", "worker"} & markers or "live_server" in request.fixturenames:
        pytest.fail("frozen_now cannot be used with a live server, a browser or a real Celery worker")
    with time_machine.travel(FROZEN_NOW, tick=False):
        yield FROZEN_NOW
