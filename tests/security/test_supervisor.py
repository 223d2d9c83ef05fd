"""`make run`'s supervisor (scripts/run_all.py) with real processes: the web server, a Celery worker and beat.

A killed worker is restarted and the web server keeps answering; SIGTERM stops everything; and when the
supervisor itself is killed with SIGKILL, no child or grandchild outlives it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _group_members(pgid: int) -> list[int]:
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:  # state, ppid, pgrp
            members.append(int(entry.name))
    return members


def _descendants(root: int) -> list[int]:
    """Every living process below ``root`` (by parent pid), in any process group or session: a browser started
    in a session of its own (kaleido's chromium) included."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found.extend(children)
        frontier.extend(children)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _wait(predicate, timeout: float = 60.0, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Supervisor:
    def __init__(self, tmp_path: Path, database_url: str) -> None:
        self.port = _free_port()
        self.log = tmp_path / "run_all.log"
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}},
            "DEBUG": "1",
            "PMO_VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": database_url,
            "REDIS_URL": "embedded",  # a broker of its own: never a shared Redis with other tests' tasks
            "EMAIL_HOST": "embedded",
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "PMO_RESTART_BACKOFF": "0.5",
            "PYTHONUNBUFFERED": "1",
        }
        with self.log.open("w") as out:
            self.proc = subprocess.Popen(  # noqa: S603
                [sys.executable, "scripts/run_all.py"], cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def pids(self, name: str) -> list[int]:
        return [int(p) for p in re.findall(rf"\[run\] {name} started \(pid (\d+)\)", self.output())]

    def web_answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/accounts/login/", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        for name in ("web", "worker", "beat"):
            for pid in self.pids(name):
                for member in _group_members(pid):
                    os.kill(member, signal.SIGKILL)


@pytest.fixture
def database_url(transactional_db):
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        pytest.skip("the supervisor test shares the test database with its processes: PostgreSQL only")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def supervisor(tmp_path, database_url):
    running = Supervisor(tmp_path, database_url)
    try:
        _wait(lambda: all(running.pids(n) for n in ("web", "worker", "beat")), 30, "the three processes")
        _wait(running.web_answers, 90, "the web server")
        _wait(lambda: "ready." in running.output(), 90, "the worker to be ready")
        yield running
    finally:
        running.stop()


def test_a_killed_worker_is_restarted_and_the_web_server_stays_up(supervisor):
    (web,), (worker,), (beat,) = supervisor.pids("web"), supervisor.pids("worker"), supervisor.pids("beat")
    pool = _group_members(worker)
    assert len(pool) >= 2, "the worker runs a prefork pool"

    os.kill(worker, signal.SIGKILL)

    new = _wait(lambda: supervisor.pids("worker")[1:], 30, "the worker's restart")[0]
    assert new != worker
    assert f"worker (pid {worker}) exited" in supervisor.output()
    _wait(lambda: not any(_alive(p) for p in pool), 10, "the dead worker's pool to go")
    assert _alive(web) and _alive(beat) and supervisor.proc.poll() is None
    assert supervisor.web_answers()
    assert supervisor.pids("web") == [web]

    # Two more deaths in quick succession: each restart waits longer than the one before.
    for _ in range(2):
        current = supervisor.pids("worker")[-1]
        os.kill(current, signal.SIGKILL)
        _wait(lambda current=current: supervisor.pids("worker")[-1] != current, 30, "a restart")
    pattern = r"worker \(pid \d+\) exited with -?\d+; restarting in ([\d.]+) s"
    delays = [float(d) for d in re.findall(pattern, supervisor.output())]
    assert len(delays) == 3 and delays[0] < delays[1] < delays[2], delays
    assert _alive(web) and supervisor.web_answers()


def test_sigterm_stops_every_process(supervisor):
    groups = [pid for name in ("web", "worker", "beat") for pid in supervisor.pids(name)]
    members = [m for g in groups for m in _group_members(g)]
    supervisor.proc.send_signal(signal.SIGTERM)
    assert supervisor.proc.wait(30) == 0
    _wait(lambda: not any(_alive(m) for m in members), 15, "every child to stop")


def test_children_do_not_outlive_a_killed_supervisor(supervisor):
    groups = [pid for name in ("web", "worker", "beat") for pid in supervisor.pids(name)]
    members = sorted({m for g in groups for m in _group_members(g)} | set(_descendants(supervisor.proc.pid)))
    assert len(members) >= 4
    supervisor.proc.send_signal(signal.SIGKILL)
    supervisor.proc.wait(10)
    # The keepers get SIGTERM from the kernel, pass it on, and kill their groups after the grace period (10 s).
    _wait(lambda: not any(_alive(m) for m in members), 30, "the orphans to stop")
