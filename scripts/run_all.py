"""Start the web server, a Celery worker and Celery beat together; Ctrl-C stops all three.

Used by `make run`. Each process's output is prefixed with its name. If one exits, the others are stopped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = os.environ.get("PORT", "8000")
PY = sys.executable

PROCESSES = {
    "web": [PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"],
    "worker": [PY, "-m", "celery", "-A", "pmo_portal", "worker", "--loglevel=INFO", "--concurrency=2"],
    "beat": [PY, "-m", "celery", "-A", "pmo_portal", "beat", "--loglevel=INFO"],
}


def _pump(name: str, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def main() -> int:
    children: dict[str, subprocess.Popen] = {}
    for name, cmd in PROCESSES.items():
        proc = subprocess.Popen(  # noqa: S603 - fixed commands
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )
        children[name] = proc
        threading.Thread(target=_pump, args=(name, proc.stdout), daemon=True).start()

    print(f"\n  PMO Portal: http://{HOST}:{PORT}/   (health: http://{HOST}:{PORT}/healthz)")
    print("  Demo logins (password 'demo'): pmo, exec, pm1, pm2, member1")
    print("  Press Ctrl-C to stop the web server, the worker and beat.\n", flush=True)

    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        for proc in children.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)  # each stops its own children (Celery: warm shutdown)
        deadline = time.monotonic() + 10
        for proc in children.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the whole group: nothing may outlive Ctrl-C

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for name, proc in children.items():
                if proc.poll() is not None:
                    print(f"  {name} exited with {proc.returncode}; stopping the others.", flush=True)
                    stop()
                    break
            time.sleep(0.5)
    finally:
        stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
