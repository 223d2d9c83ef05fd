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
def test_healthz_names_a_down_broker(client, settings):
    from pmo_portal.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        app.pool.force_close_all() if app._pool else None
        app._pool = None
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
        app._pool = None
    assert response.status_code == 503
    body = response.json()
    assert "broker" in body["down"]
    assert body["checks"]["database"]["ok"] is True
