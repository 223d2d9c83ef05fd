"""/healthz against the real database and broker; the worker part is checked with a live worker elsewhere."""

import pytest


@pytest.mark.django_db
def test_healthz_names_the_worker_when_none_runs(client, settings):
    response = client.get("/healthz")
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True
    if body["checks"]["worker"]["ok"]:
        assert response.status_code == 200
    else:
        assert response.status_code == 503
        assert "worker" in body["down"]


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
