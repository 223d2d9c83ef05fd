import os

import pytest

from core import roles
from tests.factories import user_with_role


@pytest.fixture(scope="session", autouse=True)
def _announce_backends(django_db_blocker):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split(":", 1)[0]
    print(f"\n[pmo-portal tests] database: {engine}, broker: {broker}")
    if os.environ.get("REQUIRE_SERVICES") == "1":
        assert engine == "postgresql", "CI requires PostgreSQL"
        assert broker == "redis", "CI requires Redis"


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
