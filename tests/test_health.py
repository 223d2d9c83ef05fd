"""/healthz against the real database and broker; the green answer with a live worker is in test_worker.py."""

import time

import pytest
from django.core.cache import cache

from pmo_portal import health


@pytest.fixture(autouse=True)
def _no_cached_ping():
    """Every test starts without a remembered worker ping (and leaves none behind)."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_healthz_names_the_worker_when_none_runs(client):
    """No worker runs in this test (the suite starts one only in test_worker.py): /healthz must say so, with a 503.

    The database and the broker are up, so the worker is the only thing down.
    """
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503, body
    assert body["status"] == "down"
    assert body["down"] == ["worker"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["worker"] == {"ok": False, "detail": "no worker answered"}


@pytest.mark.django_db
def test_healthz_answers_within_a_second_and_pings_the_workers_once_for_a_few_seconds(client, monkeypatch):
    """A load balancer's probe gives up after about a second: even with no worker to answer, /healthz answers in
    time, and probes that follow within the cache window reuse the last ping instead of waiting again."""
    pings = []
    real_ping = health.app.control.ping

    def counting_ping(*args, **kwargs):
        pings.append(kwargs.get("timeout"))
        return real_ping(*args, **kwargs)

    monkeypatch.setattr(health.app.control, "ping", counting_ping)
    for _ in range(3):
        started = time.monotonic()
        response = client.get("/healthz")
        assert time.monotonic() - started < 1.0, response.json()
        assert response.json()["down"] == ["worker"]
    assert pings == [health.PING_TIMEOUT], "one ping, with the short timeout; the next probes used the cache"
    assert health.PING_TIMEOUT < 1


@pytest.mark.django_db
def test_a_worker_that_answers_is_remembered_for_the_next_probes(client, monkeypatch):
    replies = [[{"celery@host": {"ok": "pong"}}]]
    monkeypatch.setattr(health.app.control, "ping", lambda **kwargs: replies.pop())
    first = client.get("/healthz")
    second = client.get("/healthz")  # a second ping would fail: the list is empty
    assert first.status_code == second.status_code == 200
    assert second.json()["checks"]["worker"] == {"ok": True, "detail": "1 worker(s)"}


@pytest.mark.django_db
def test_healthz_names_a_down_broker(client, monkeypatch):
    """A broker nobody listens on (a closed local port) is reported as down, with a 503, within a second."""
    from celery import Celery

    down = Celery("down", broker="redis://127.0.0.1:1/0")
    down.conf.broker_connection_timeout = 1
    monkeypatch.setattr(health, "app", down)
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1.5
    assert response.status_code == 503
    body = response.json()
    assert "broker" in body["down"]
    assert body["checks"]["database"]["ok"] is True
