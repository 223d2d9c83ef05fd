"""Read replica routing (configuration): the dashboard's and the reports' page reads go to ``replica`` when one is
configured (``DATABASE_REPLICA_URL``; off by default).

``ReplicaReadsMiddleware`` marks a request as replica-readable when it is a GET or HEAD whose path starts with one of
``REPLICA_READ_PATHS`` (by default ``/dashboard/``, ``/reports/`` and ``/api/v1/portfolio/``); ``ReplicaRouter``
then sends that request's reads there, except

- inside a transaction (a read that decides a write must see the primary),
- for accounts, sessions, tokens and login attempts (a session written at login must be found at once, whatever
  the replica's lag).

Writes and migrations always go to ``default``. Code outside a request (a report task, for example) can opt in
with ``with replica_reads(): ...`` where slightly stale figures are acceptable.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
#: Apps whose rows must be read from the primary even on a replica-readable request.
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "authtoken", "axes", "contenttypes", "django_celery_beat"})

_replica_reads: ContextVar[bool] = ContextVar("pmo_replica_reads", default=False)


@contextmanager
def replica_reads():
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def __init__(self, enabled: bool | None = None):
        self.enabled = REPLICA in settings.DATABASES if enabled is None else enabled

    def db_for_read(self, model, **hints):
        if (
            self.enabled
            and _replica_reads.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = tuple(getattr(settings, "REPLICA_READ_PATHS", ()))

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path.startswith(self.paths):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
