"""Start the web server, a Celery worker and Celery beat together, and keep them running; Ctrl-C stops all three.

Used by `make run`. Each process's output is prefixed with its name.

* A process that exits (a crash, an out-of-memory kill, `kill -9`) is started again after a back-off that doubles
  from ``PMO_RESTART_BACKOFF`` seconds (default 1) up to 30 s, and falls back to the start once the process has run
  for a minute. The others keep running: a dead worker never takes the web server down.
* Nothing outlives the supervisor, even when it is killed with SIGKILL. Each command runs under a small keeper
  (``--keep`` below, this file again) in a process group of its own. The kernel sends the keeper SIGTERM when the
  supervisor dies (``PR_SET_PDEATHSIG``), and the command when the keeper dies. On SIGTERM (from the supervisor's
  Ctrl-C, SIGTERM or SIGHUP, or from the kernel) the keeper passes it on, gives the command ``STOP_GRACE`` seconds
  (a Celery worker finishes its task), then kills what is left of its group with SIGKILL: a Celery pool process
  or a stuck shutdown cannot outlive it. The keeper also relays the command's output, so a supervisor gone does not
  turn the command's next log line into a broken pipe. A dead command's group is killed before its restart.
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


def _die_with_parent() -> None:
    """Ask the kernel for SIGTERM when this process's parent dies (survives exec)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _relay(source: int) -> None:
    """Copy the command's output to ours; once ours is gone (the supervisor died), keep draining silently."""
    writable = True
    while chunk := os.read(source, 65536):
        if writable:
            try:
                os.write(1, chunk)
            except OSError:
                writable = False


def _kill_rest_of_group() -> None:
    """SIGKILL every other process of the keeper's group (what the command left behind)."""
    me, group = os.getpid(), os.getpgid(0)
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # state, ppid, pgrp
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(int(entry), signal.SIGKILL)


def keep(parent_pid: int, argv: list[str]) -> int:
    """The keeper of one command: dies with the supervisor, and takes its whole process group with it."""
    _die_with_parent()
    if os.getppid() != parent_pid:  # the supervisor died before prctl: do not start at all
        return 1
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(  # noqa: S603 - the supervisor's own fixed commands
        argv,
        stdout=write_end,
        stderr=write_end,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads yet
    )
    os.close(write_end)
    threading.Thread(target=_relay, args=(read_end,), daemon=True).start()
    stop_by: list[float] = []

    def on_signal(signum, _frame) -> None:
        if not stop_by:
            stop_by.append(time.monotonic() + STOP_GRACE)
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    code = None
    while code is None:
        try:
            code = proc.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            if stop_by and time.monotonic() >= stop_by[0]:
                break  # the grace is over: what is left is killed below
    _kill_rest_of_group()
    return 1 if code is None else code


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
        keeper = [PY, os.path.abspath(__file__), "--keep", str(os.getpid()), "--", *self.cmd]
        self.proc = subprocess.Popen(  # noqa: S603 - fixed commands
            keeper, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
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
        """To the keeper only: it passes the signal on once and enforces the grace period."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, sig)


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
            child.signal(signal.SIGTERM)  # each keeper stops its command (Celery: warm shutdown)
        deadline = time.monotonic() + STOP_GRACE + 2  # the keepers enforce STOP_GRACE themselves
        for child in children:
            if child.proc is None:
                continue
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.proc.wait(max(0.1, deadline - time.monotonic()))
            _kill_group(child.proc.pid, signal.SIGKILL)  # the whole group: nothing may outlive the supervisor
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--keep" and sys.argv[3] == "--":
        sys.exit(keep(int(sys.argv[2]), sys.argv[4:]))
    sys.exit(main())
