"""The bench's own PostgreSQL database (created, marked, dropped only when marked) and the gunicorn it serves."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
MARK = "created by make bench (benchmarks/run.py); safe to drop"


class Refused(SystemExit):
    pass


def admin_url(database_url: str) -> tuple[str, str]:
    """(the URL of the server's ``postgres`` database, the server part) from a ``postgres://`` URL."""
    parts = urlparse(database_url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise Refused(
            "make bench measures PostgreSQL only (DATABASE_URL is not a postgres:// URL; SQLite is refused). "
            "Start PostgreSQL on 127.0.0.1:5432 or set DATABASE_URL."
        )
    return urlunparse(parts._replace(path="/postgres")), parts.netloc


def url_for(database_url: str, name: str) -> str:
    """``database_url`` pointing at the database ``name`` on the same server."""
    admin_url(database_url)  # refuses anything but PostgreSQL
    return urlunparse(urlparse(database_url)._replace(path="/" + name))


def create_database(database_url: str) -> tuple[str, str]:
    """A new database ``pmo_bench_<time>`` marked with a comment; returns (its name, its URL)."""
    admin, _netloc = admin_url(database_url)
    name = "pmo_bench_" + time.strftime("%Y%m%d_%H%M%S")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{MARK}'")
    return name, url_for(database_url, name)


def drop_database(database_url: str, name: str) -> bool:
    """Drop ``name`` only if it carries the bench's mark (never a database the bench did not create)."""
    admin, _netloc = admin_url(database_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not row or row[0] != MARK:
            print(f"!! not dropping {name}: it does not carry the bench's mark", file=sys.stderr)
            return False
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    return True


def server_env(database_url: str) -> dict[str, str]:
    """Production settings (DEBUG off) on loopback, plain http, with the bench's query-count header."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": os.environ.get("REDIS_URL") or "embedded",
        "EMAIL_HOST": "embedded",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "PMO_BENCH_QUERY_COUNT": "1",
        "PMO_VAR_DIR": str(ROOT / "var" / "bench"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """``gunicorn pmo_portal.wsgi`` with 2 workers × 5 threads (gthread) on 127.0.0.1."""

    def __init__(self, env: dict[str, str], *, workers: int = 2, threads: int = 5):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "pmo_portal.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            "--timeout=120",
            "--log-level=warning",
        ]
        self.env = env
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, start_new_session=True)  # noqa: S603
        for _ in range(120):
            try:
                with urllib.request.urlopen(self.url + "/accounts/login/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
