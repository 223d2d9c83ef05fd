"""/healthz: the state of the database, the broker and the Celery workers.

A load balancer probes it every few seconds and gives up after about a second, so it must answer fast: the worker
ping (a broadcast that waits for replies) has a short timeout and its result is kept in the Django cache for a few
seconds (``WORKER_CACHE_SECONDS``; a failure for less, so that a worker that comes back shows soon).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pmo_portal.celery import app

#: How long a worker ping answers for the next probes, in seconds (a failed ping: ``WORKER_FAILURE_CACHE_SECONDS``).
WORKER_CACHE_SECONDS = 10
WORKER_FAILURE_CACHE_SECONDS = 2
#: How long a ping waits for the workers' replies; a worker on the same network answers in a few milliseconds.
PING_TIMEOUT = 0.4
BROKER_TIMEOUT = 0.5
WORKER_CACHE_KEY = "healthz:worker"


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; the reason is reported
        return False, type(exc).__name__
    return True, connection.vendor


def _check_broker() -> tuple[bool, str]:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__
    return True, str(transport)


def _ping_worker() -> tuple[bool, str]:
    try:
        replies = app.control.ping(timeout=PING_TIMEOUT)
    except Exception as exc:  # noqa: BLE001
        return False, type(exc).__name__
    if not replies:
        return False, "no worker answered"
    return True, f"{len(replies)} worker(s)"


def _check_worker() -> tuple[bool, str]:
    """The last ping's answer if it is recent enough, else a new ping (kept for the next probes)."""
    key = f"{WORKER_CACHE_KEY}:{app.conf.broker_url}"
    cached = cache.get(key)
    if cached is not None:
        return tuple(cached)
    ok, detail = _ping_worker()
    cache.set(key, [ok, detail], WORKER_CACHE_SECONDS if ok else WORKER_FAILURE_CACHE_SECONDS)
    return ok, detail


@never_cache
@require_GET
def healthz(request):
    started = time.monotonic()
    checks = {}
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        ok, detail = check()
        checks[name] = {"ok": ok, "detail": detail}
    if checks["broker"]["ok"]:
        ok, detail = _check_worker()
    else:
        ok, detail = False, "broker is down"
    checks["worker"] = {"ok": ok, "detail": detail}
    down = [name for name, result in checks.items() if not result["ok"]]
    body = {
        "status": "ok" if not down else "down",
        "down": down,
        "checks": checks,
        "elapsed_ms": round((time.monotonic() - started) * 1000),
    }
    return JsonResponse(body, status=200 if not down else 503)
