"""Locust users for ``make bench`` (headless, loopback, bounded in time; see ``benchmarks/load.py``).

``PMUser``: a PM's week (their projects, the project page, issues, the cross-project issue list, the weekly report
submitted and taken back); ``ExecUser``: the executive's reading (dashboard, list, a project, the projects API).
Both think 1–5 s between actions. ``ListOnly`` and ``SubmitOnly`` have no think time: the saturation runs.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, constant, task

PASSWORD = "bench"
CODES = os.environ.get("BENCH_CODES", "BN-0001").split(",")
WEEK = os.environ.get("BENCH_WEEK", "")
SESSIONS = json.loads(os.environ.get("BENCH_SESSIONS", "{}"))
CSRF = "benchcsrf" + "0" * 23  # 32 characters, as Django's CSRF secrets (benchmarks/pages.py)
_pm_numbers = itertools.count(0)


def _login(user: HttpUser, username: str) -> None:
    """The user's session, made beforehand by ``benchmarks/sessions.py`` (no password hash in the measured window),
    and a CSRF token of our own choosing (Django compares the cookie with the header)."""
    user.client.cookies.set("sessionid", SESSIONS[username])
    user.client.cookies.set("csrftoken", CSRF)


class _Submitter:
    """Owns one project (``pm_index``): keeps its week's report as a draft, submits it and takes it back."""

    def start_submitting(self) -> None:
        """API calls with the session and its CSRF token (as the portal's own pages make them)."""
        self.api = {"X-CSRFToken": CSRF, "Referer": self.host + "/"}
        self.report = None

    def submit_cycle(self) -> None:
        if self.report is None:
            rows = self.client.get(
                f"/api/v1/status-reports/?project={self.project_id}&week={WEEK}",
                headers=self.api,
                name="/api/v1/status-reports/?week",
            ).json()["results"]
            if not rows:
                return
            self.report = rows[0]
        report = self.report
        if report["state"] != "draft":
            report = self._reopen(report)
        response = self.client.post(
            f"/api/v1/status-reports/{report['id']}/submit/",
            json={"version": report["version"]},
            headers=self.api,
            name="/api/v1/status-reports/{id}/submit/",
        )
        self.report = response.json() if response.status_code == 200 else None
        if self.report:
            self.report = self._reopen(self.report)

    def _reopen(self, report):
        response = self.client.post(
            f"/api/v1/status-reports/{report['id']}/reopen/",
            json={"version": report["version"], "reason": "ベンチマーク"},
            headers=self.api,
            name="/api/v1/status-reports/{id}/reopen/",
        )
        return response.json() if response.status_code == 200 else report


class PMUser(_Submitter, HttpUser):
    weight = 3
    wait_time = between(1, 5)

    def on_start(self) -> None:
        n = next(_pm_numbers)
        self.code, username, self.project_id = CODES[n % len(CODES)].split(":")
        self.submits = n < len(CODES)  # one submitting PM per project, as in life; the others only read
        _login(self, username)
        self.start_submitting()

    @task(4)
    def project_page(self):
        self.client.get(f"/projects/{self.code}/", name="/projects/{code}/")

    @task(2)
    def issues_tab(self):
        self.client.get(f"/projects/{self.code}/issues/", name="/projects/{code}/issues/")

    @task(2)
    def my_projects(self):
        self.client.get("/projects/?mine=1", name="/projects/?mine=1")

    @task(1)
    def cross_issues(self):
        self.client.get("/projects/issues/?status=open", name="/projects/issues/")

    @task(1)
    def submit(self):
        if self.submits:
            self.submit_cycle()


class ExecUser(HttpUser):
    weight = 1
    wait_time = between(1, 5)

    def on_start(self) -> None:
        _login(self, "bench_exec")

    @task(3)
    def dashboard(self):
        self.client.get("/dashboard/", name="/dashboard/")

    @task(2)
    def project_list(self):
        self.client.get("/projects/?page=" + str(random.randint(1, 20)), name="/projects/?page")  # noqa: S311

    @task(2)
    def a_project(self):
        code = random.choice(CODES).split(":")[0]  # noqa: S311 - load mix, not a secret
        self.client.get(f"/projects/{code}/", name="/projects/{code}/")

    @task(1)
    def api(self):
        self.client.get("/api/v1/projects/?page_size=100", name="/api/v1/projects/?page_size=100")


class ListOnly(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        _login(self, "bench_pmo")

    @task
    def project_list(self):
        self.client.get("/projects/", name="/projects/")


class SubmitOnly(_Submitter, HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        n = next(_pm_numbers) % len(CODES)
        self.code, username, self.project_id = CODES[n].split(":")
        _login(self, username)
        self.start_submitting()

    @task
    def submit(self):
        self.submit_cycle()
