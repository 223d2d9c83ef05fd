"""Start the web server, a Celery worker and Celery beat together, and keep them running; Ctrl-C stops all three.

Used by `make run`. Each process's output is prefixed with its name.

* A process that exits (a crash, an out-of-memory kill, `kill -9`) is started again after a back-off that doubles
  from ``PMO_RESTART_BACKOFF`` seconds (default 1) up to 30 s, and falls back to the start once the process has run
  for a minute. The others keep running: a dead worker never takes the web server down.
* Nothing outlives the supervisor: each child runs in a process group of its own, SIGINT/SIGTERM/SIGHUP are
  forwarded to every group (SIGKILL after 10 s), a dead child's group is killed before its restart (no orphaned pool
  processes), and every child asks the kernel for SIGTERM when the supervisor dies, even by SIGKILL
  (``PR_SET_PDEATHSIG``, set by the small ``--exec-child`` shim below before it execs the real command).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
PY = sys.executable
BACKOFF_START = float(os.environ.get("PMO_RESTART_BACKOFF", "1"))
BACKOFF_MAX = 30.0
STABLE_AFTER = 60.0
STOP_GRACE = 10.0

PROCESSES = {
    "web": [PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [PY, "-m", "celery", "-A", "pmo_portal", "worker", "--loglevel=INFO", "--concurrency=2"],
    "beat": [PY, "-m", "celery", "-A", "pmo_portal", "beat", "--loglevel=INFO"],
}

PR_SET_PDEATHSIG = 1


def exec_child(parent_pid: int, argv: list[str]) -> None:
    """The shim: die with the supervisor (PR_SET_PDEATHSIG survives exec), then become ``argv``."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:  # the supervisor died before prctl: do not start at all
        sys.exit(1)
    os.execvp(argv[0], argv)  # noqa: S606 - the supervisor's own fixed commands


def _pump(name: str, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def _say(text: str) -> None:
    print(f"  [run] {text}", flush=True)


def _kill_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


class Child:
    def __init__(self, name: str, cmd: list[str]) -> None:
        self.name, self.cmd = name, cmd
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0
        self.backoff = BACKOFF_START
        self.restart_at: float | None = None

    def start(self) -> None:
        shim = [PY, os.path.abspath(__file__), "--exec-child", str(os.getpid()), "--", *self.cmd]
        self.proc = subprocess.Popen(  # noqa: S603 - fixed commands
            shim, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        self.started_at = time.monotonic()
        self.restart_at = None
        threading.Thread(target=_pump, args=(self.name, self.proc.stdout), daemon=True).start()
        _say(f"{self.name} started (pid {self.proc.pid})")

    def check(self, now: float) -> None:
        """Notice an exit and schedule the restart; start again when the back-off has passed."""
        if self.restart_at is not None:
            if now >= self.restart_at:
                self.start()
            return
        if self.proc is None or self.proc.poll() is None:
            return
        code = self.proc.returncode
        _kill_group(self.proc.pid, signal.SIGKILL)  # whatever it left behind (a Celery pool) goes with it
        if now - self.started_at >= STABLE_AFTER:
            self.backoff = BACKOFF_START
        _say(f"{self.name} (pid {self.proc.pid}) exited with {code}; restarting in {self.backoff:g} s")
        self.restart_at = now + self.backoff
        self.backoff = min(self.backoff * 2, BACKOFF_MAX)

    def signal(self, sig: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            _kill_group(self.proc.pid, sig)


def main() -> int:
    children = [Child(name, cmd) for name, cmd in PROCESSES.items()]
    stopping = threading.Event()

    def on_signal(signum, _frame) -> None:
        stopping.set()

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    for child in children:
        child.start()

    print(f"\n  PMO Portal: http://{HOST}:{PORT}/   (health: http://{HOST}:{PORT}/healthz)")
    print("  Demo logins (password 'demo'): pmo, exec, pm1, pm2, member1")
    print("  Press Ctrl-C to stop the web server, the worker and beat.\n", flush=True)

    try:
        while not stopping.is_set():
            now = time.monotonic()
            for child in children:
                child.check(now)
            stopping.wait(0.2)
    finally:
        _say("stopping")
        for child in children:
            child.signal(signal.SIGTERM)  # each stops its own children (Celery: warm shutdown)
        deadline = time.monotonic() + STOP_GRACE
        for child in children:
            if child.proc is None:
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.proc.wait(max(0.1, deadline - time.monotonic()))
            _kill_group(child.proc.pid, signal.SIGKILL)  # the whole group: nothing may outlive the supervisor
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--exec-child" and sys.argv[3] == "--":
        exec_child(int(sys.argv[2]), sys.argv[4:])
    sys.exit(main())
