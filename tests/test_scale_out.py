"""Nothing depends on a single process (issue 11, docs/scaling.md).

Two web processes (gunicorn, production settings) and two Celery workers run against one PostgreSQL and one Redis on
loopback, sharing only what a scaled-out deployment shares (the database, the broker, SECRET_KEY):

- a session opened on one web process works on the other;
- a task queued by a request on either web process is run by exactly one of the workers;
- optimistic locking holds across processes: two concurrent saves of the same version, one on each web process,
  give one success and one 409.

The read replica router is checked here too (without a replica server: the ``replica`` alias is the same
database, as Django's test MIRROR makes it).
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from core import roles
from projects import services
from projects.services.status import ReportContent
from tests.factories import ProjectFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "scale-out-pw-1"  # noqa: S105 - test accounts
WEEK = "2026-W47"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    d = connection.settings_dict
    auth = quote(d["USER"] or "") + (":" + quote(d["PASSWORD"]) if d.get("PASSWORD") else "")
    return f"postgres://{auth}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


@pytest.fixture
def cluster(transactional_db, tmp_path):
    """Two gunicorn web processes and two Celery workers (queue ``notifications``) on loopback."""
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("the scale-out test needs PostgreSQL and Redis")
        pytest.skip("the scale-out test needs PostgreSQL and Redis (make test starts them when installed)")
    redis_db = re.sub(r"/\d*$", "", os.environ["REDIS_URL"]) + "/9"  # a broker database of its own
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmo_portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # shared by every process, as in a deployment
        "DATABASE_URL": _database_url(),
        "DB_POOL_MAX": "4",
        "REDIS_URL": redis_db,
        "EMAIL_HOST": "embedded",
        "PMO_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "CELERY_SPLIT_QUEUES": "1",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "pmo_portal", "purge", "-f", "-Q", "notifications"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
    )
    procs, logs, webs, outs = [], [], [], []
    try:
        for _ in range(2):
            port = _free_port()
            cmd = [sys.executable, "-m", "gunicorn", "pmo_portal.wsgi:application", f"--bind=127.0.0.1:{port}"]
            cmd += ["--workers=1", "--threads=4", "--worker-class=gthread", "--log-level=warning"]
            procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True))
            webs.append(f"http://127.0.0.1:{port}")
        for n in (1, 2):
            log = tmp_path / f"worker{n}.log"
            out = log.open("w")  # noqa: SIM115 - the worker writes into it until it is stopped (closed below)
            outs.append(out)
            cmd = [sys.executable, "-m", "celery", "-A", "pmo_portal", "worker", "-Q", "notifications", "--pool=solo"]
            cmd += [f"--hostname=scale{n}@%h", "--loglevel=INFO", "--without-gossip", "--without-mingle"]
            procs.append(
                subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
            )
            logs.append(log)
        for web in webs:
            _wait(lambda web=web: _answers(web + "/accounts/login/"), 60, f"{web} did not start")
        for log in logs:
            _wait(lambda log=log: "ready." in log.read_text(errors="replace"), 60, f"{log.name}: worker not ready")
        yield {"webs": webs, "logs": logs, "mail": tmp_path / "mail"}
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        for out in outs:
            out.close()


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _wait(predicate, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(message)


def _user(username: str, role: str, **extra):
    user = UserFactory(username=username, role=role, **extra)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def _login(web: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(web + "/accounts/login/")
    response = session.post(
        web + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": web + "/accounts/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def _content(**overrides) -> ReportContent:
    base = dict(
        overall_rag="green",
        schedule_rag="green",
        cost_rag="green",
        quality_rag="green",
        scope_rag="green",
        percent_complete=Decimal("10"),
        summary="順調",
    )
    return ReportContent(**{**base, **overrides})


@pytest.mark.worker
def test_nothing_depends_on_a_single_process(cluster):
    a, b = cluster["webs"]
    pm = _user("scale_pm", roles.PM)
    _user("scale_pmo", roles.PMO, email="pmo@example.invalid")

    # A session from one web process works on the other.
    session = _login(a, "scale_pm")
    response = session.get(b + "/projects/", allow_redirects=False)
    assert response.status_code == 200
    assert "scale_pm" in response.text or "/accounts/logout/" in response.text

    # Optimistic locking across processes: the same version saved at once on A and on B.
    project = ProjectFactory(pm=pm)
    draft = services.create_status_report(actor=pm, project=project, week=WEEK, content=_content())
    token = requests.post(a + "/api/v1/auth/token/", json={"username": "scale_pm", "password": PASSWORD}).json()
    headers = {"Authorization": "Token " + token["token"]}
    barrier, statuses = threading.Barrier(2), []

    def save(web: str, summary: str) -> None:
        barrier.wait()
        body = {"summary": summary, "version": draft.version}
        statuses.append(requests.patch(f"{web}/api/v1/status-reports/{draft.pk}/", json=body, headers=headers))

    threads = [threading.Thread(target=save, args=(web, f"from {web}")) for web in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(r.status_code for r in statuses) == [200, 409], [r.text[:300] for r in statuses]
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.summary == next(r.json()["summary"] for r in statuses if r.status_code == 200)

    # Tasks queued by requests on either web process (a submission notifies the PMO by e-mail after the commit):
    # each is run by exactly one of the two workers.
    task_ids = []
    for n, web in enumerate([a, b, a, b]):
        week = f"2026-W{40 + n}"
        report = services.create_status_report(actor=pm, project=project, week=week, content=_content())
        response = requests.post(
            f"{web}/api/v1/status-reports/{report.pk}/submit/", json={"version": report.version}, headers=headers
        )
        assert response.status_code == 200, response.text[:300]
        task_ids.append(week)
    from core.models import Notification

    _wait(
        lambda: Notification.objects.filter(kind="report_submitted", emailed_at__isnull=False).count() == 4,
        90,
        "the notification e-mails were not sent",
    )
    logs = [log.read_text(errors="replace") for log in cluster["logs"]]
    ran = [re.findall(r"core\.tasks\.send_notification_email\[([0-9a-f-]+)\] succeeded", text) for text in logs]
    every = ran[0] + ran[1]
    assert len(every) == 4 and len(set(every)) == 4, ran  # four tasks, each run once, by one worker or the other
    mails = "".join(p.read_text(errors="replace") for p in cluster["mail"].glob("*"))
    assert mails.count("\nSubject: ") + mails.startswith("Subject: ") == 4


@pytest.mark.django_db(transaction=True)
def test_the_replica_router_reads_only_safe_requests_from_the_replica(settings, rf):
    """Reads go to ``replica`` on a replica-readable GET outside a transaction; never for sessions and accounts,
    never inside a transaction, never for writes; and only when a replica is configured."""
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from pmo_portal.db_router import ReplicaReadsMiddleware, ReplicaRouter, replica_reads
    from projects.models import Project

    assert ReplicaRouter().enabled is False  # no DATABASE_REPLICA_URL: off
    with replica_reads():
        assert ReplicaRouter().db_for_read(Project) == "default"
    router = ReplicaRouter(enabled=True)
    settings.REPLICA_READ_PATHS = ["/dashboard/"]
    assert router.db_for_read(Project) == "default"
    with replica_reads():
        assert router.db_for_read(Project) == "replica"
        assert router.db_for_read(Session) == "default"
        assert router.db_for_write(Project) == "default"
    seen = []

    def view(request):
        seen.append((request.method, request.path, router.db_for_read(Project)))

    middleware = ReplicaReadsMiddleware(view)
    for request in (rf.get("/dashboard/"), rf.post("/dashboard/"), rf.get("/projects/")):
        middleware(request)
    assert seen == [
        ("GET", "/dashboard/", "replica"),
        ("POST", "/dashboard/", "default"),
        ("GET", "/projects/", "default"),
    ]
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Project) == "default"
    assert router.allow_migrate("replica", "projects") is False
