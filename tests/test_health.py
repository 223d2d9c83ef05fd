"""/healthz against the real database and broker; the green answer with a live worker is in test_worker.py."""

import pytest


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
def test_healthz_names_a_down_broker(client, monkeypatch):
    """A broker nobody listens on (a closed local port) is reported as down, with a 503."""
    from celery import Celery

    from pmo_portal import health

    down = Celery("down", broker="redis://127.0.0.1:1/0")
    down.conf.broker_connection_timeout = 1
    monkeypatch.setattr(health, "app", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert "broker" in body["down"]
    assert body["checks"]["database"]["ok"] is True
