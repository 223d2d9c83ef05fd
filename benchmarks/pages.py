"""Timing pages over HTTP: a logged-in ``requests`` session, warm-up, then median and p95 of repeated requests,
with each request's SQL statement count (the ``X-Bench-Queries`` header of ``benchmarks.querycount``)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field

import requests

PASSWORD = "bench"


def login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(base + "/accounts/login/")
    token = session.cookies.get("csrftoken", "")
    response = session.post(
        base + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login as {username} failed ({response.status_code})")
    return session


CSRF = "benchcsrf" + "0" * 23  # a CSRF secret of our own choosing: Django compares the cookie with the header


def with_session(session_key: str) -> requests.Session:
    """A client holding a session made beforehand (``benchmarks/sessions.py``): no password hash to pay."""
    session = requests.Session()
    session.cookies.set("sessionid", session_key)
    session.cookies.set("csrftoken", CSRF)
    session.headers["X-CSRFToken"] = CSRF
    return session


def api_token(base: str, username: str) -> requests.Session:
    session = requests.Session()
    response = session.post(base + "/api/v1/auth/token/", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    session.headers["Authorization"] = "Token " + response.json()["token"]
    return session


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


@dataclass
class Timing:
    name: str
    path: str
    samples_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    size: int = 0

    def summary(self) -> dict:
        return {
            "name": self.name,
            "path": self.path,
            "requests": len(self.samples_ms),
            "median_ms": round(statistics.median(self.samples_ms), 1),
            "p95_ms": round(percentile(self.samples_ms, 0.95), 1),
            "queries": max(self.queries) if self.queries else None,
            "bytes": self.size,
        }


def measure_get(
    session: requests.Session, base: str, name: str, path: str, *, warmup: int, repeat: int, status: int = 200
) -> Timing:
    timing = Timing(name, path)
    for i in range(warmup + repeat):
        started = time.perf_counter()
        response = session.get(base + path, allow_redirects=False)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != status:
            raise RuntimeError(f"{path}: HTTP {response.status_code}")
        if i >= warmup:
            timing.samples_ms.append(elapsed)
            timing.queries.append(int(response.headers.get("X-Bench-Queries", -1)))
            timing.size = len(response.content)
    return timing


def draft_for_this_week(session: requests.Session, base: str, project_id: int, week: str) -> dict:
    """The project's report of ``week`` as a draft (created, or reopened when submitted already)."""
    response = session.get(base + f"/api/v1/status-reports/?project={project_id}&week={week}")
    response.raise_for_status()
    rows = response.json()["results"]
    if rows:
        report = rows[0]
        if report["state"] == "submitted":
            report = reopen(session, base, report)
        return report
    response = session.post(
        base + "/api/v1/status-reports/",
        json={
            "project": project_id,
            "week": week,
            "overall_rag": "amber",
            "schedule_rag": "amber",
            "cost_rag": "amber",
            "quality_rag": "amber",
            "scope_rag": "green",
            "rag_comment": "ベンチマーク: 状況を確認中のため黄色で報告します。",
            "percent_complete": "60.0",
            "summary": "ベンチマークの週次報告です。",
        },
    )
    if response.status_code != 201:
        raise RuntimeError(f"creating the draft failed: {response.status_code} {response.text[:300]}")
    return response.json()


def reopen(session: requests.Session, base: str, report: dict) -> dict:
    response = session.post(
        base + f"/api/v1/status-reports/{report['id']}/reopen/",
        json={"version": report["version"], "reason": "ベンチマーク: 再提出のため差し戻し"},
    )
    response.raise_for_status()
    return response.json()


def measure_submit(session: requests.Session, base: str, project_id: int, week: str, *, warmup: int, repeat: int):
    """Submit the week's draft (timed), take it back (not timed), again and again: each submit freezes a revision."""
    timing = Timing("weekly status submit (API)", "/api/v1/status-reports/{id}/submit/")
    report = draft_for_this_week(session, base, project_id, week)
    for i in range(warmup + repeat):
        started = time.perf_counter()
        response = session.post(
            base + f"/api/v1/status-reports/{report['id']}/submit/", json={"version": report["version"]}
        )
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"submit: HTTP {response.status_code} {response.text[:300]}")
        if i >= warmup:
            timing.samples_ms.append(elapsed)
            timing.queries.append(int(response.headers.get("X-Bench-Queries", -1)))
            timing.size = len(response.content)
        report = reopen(session, base, response.json())
    return timing
