"""Locust runs (headless, loopback, bounded in time) and their figures from locust's CSV statistics."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_locust(
    host: str, classes: list[str], *, users: int, spawn_rate: int, seconds: int, env: dict[str, str]
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "stats")
        subprocess.run(  # noqa: S603 - our own locust, fixed arguments
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                f"--host={host}",
                f"--users={users}",
                f"--spawn-rate={spawn_rate}",
                f"--run-time={seconds}s",
                f"--csv={prefix}",
                "--only-summary",
                "--reset-stats",
                "--loglevel=WARNING",
                *classes,
            ],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(prefix + "_stats.csv", encoding="utf-8") as stats:
            rows = list(csv.DictReader(stats))
    out = {"users": users, "seconds": seconds, "requests": {}}

    def number(value: str) -> float:
        try:
            return float(value)
        except (TypeError, ValueError):  # "N/A" when nothing was recorded
            return 0.0

    for row in rows:
        figures = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": number(row["50%"]),
            "p95_ms": number(row["95%"]),
            "rps": round(number(row["Requests/s"]), 1),
        }
        if row["Name"] == "Aggregated":
            out["total"] = figures
        else:
            out["requests"][f"{row['Type']} {row['Name']}"] = figures
    return out
