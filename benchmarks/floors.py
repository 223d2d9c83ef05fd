"""Each measured page's floor, measured in the same run: the one SQL query a database expert would write for the
rows the page shows, and that query plus writing those rows as HTML (or JSON for the API) with plain string
formatting. ``page ÷ floor`` then says how much the framework, the permissions and the templates cost."""

from __future__ import annotations

import html
import json
import statistics
import time
from collections.abc import Callable

import psycopg

LIST = """
SELECT p.code, p.name, p.state, p.phase, p.overall_rag, p.spi, p.cpi, p.percent_complete, p.last_report_week,
       p.next_milestone_name, p.next_milestone_date, p.max_slip_days, o.name, u.last_name || ' ' || u.first_name,
       count(*) OVER ()
FROM projects_project p JOIN projects_orgunit o ON o.id = p.org_unit_id LEFT JOIN auth_user u ON u.id = p.pm_id
WHERE p.archived_at IS NULL ORDER BY p.code LIMIT %(limit)s"""
PROJECT_PAGE = """
SELECT p.code, p.name, p.state, p.phase, p.overall_rag, p.spi, p.cpi, r.week, r.state, r.overall_rag,
       r.schedule_rag, r.cost_rag, r.quality_rag, r.scope_rag, r.percent_complete, r.spi, r.cpi, r.summary
FROM projects_project p JOIN projects_statusreport r ON r.project_id = p.id
WHERE p.code = %(code)s ORDER BY r.week DESC LIMIT 13"""
ISSUES_TAB = """
SELECT i.id, i.title, i.status, i.priority, i.due_date, i.escalation_level, u.last_name || ' ' || u.first_name
FROM projects_issue i JOIN projects_project p ON p.id = i.project_id LEFT JOIN auth_user u ON u.id = i.owner_id
WHERE p.code = %(code)s ORDER BY i.status, i.due_date"""
CROSS_ISSUES = """
SELECT i.id, p.code, i.title, i.status, i.priority, i.due_date, u.last_name || ' ' || u.first_name, count(*) OVER ()
FROM projects_issue i JOIN projects_project p ON p.id = i.project_id LEFT JOIN auth_user u ON u.id = i.owner_id
WHERE p.archived_at IS NULL AND i.status IN ('open', 'in_progress')
ORDER BY i.due_date NULLS LAST, i.id LIMIT %(limit)s"""
DASHBOARD = """
SELECT p.overall_rag, p.phase, count(*), avg(p.spi), avg(p.cpi), sum(p.eac), sum(b.bac)
FROM projects_project p LEFT JOIN projects_baseline b ON b.id = p.baseline_id
WHERE p.archived_at IS NULL AND p.state = 'active' GROUP BY ROLLUP (p.overall_rag, p.phase)"""
SUBMIT = [
    "UPDATE projects_statusreport SET state = 'submitted', version = version + 1, submitted_at = now() "
    "WHERE id = %(report)s",
    "INSERT INTO projects_statusreportrevision (report_id, revision, state, content, created_at) "
    "SELECT id, revision + 1000, 'submitted', '{}'::jsonb, now() FROM projects_statusreport WHERE id = %(report)s",
    "UPDATE projects_project SET last_report_week = last_report_week WHERE code = %(code)s",
]


def _cell(value) -> str:
    return html.escape("" if value is None else str(value))


def as_html(rows) -> str:
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<!doctype html><html><body><table class='table'><tbody>{body}</tbody></table></body></html>"


def as_json(rows) -> str:
    return json.dumps([[None if v is None else str(v) for v in row] for row in rows])


FLOORS: dict[str, tuple[str, dict, Callable]] = {
    "project list": (LIST, {"limit": 25}, as_html),
    "project page (156 weeks)": (PROJECT_PAGE, {}, as_html),
    "project page (26 weeks)": (PROJECT_PAGE, {"code": "BN-0002"}, as_html),
    "issues tab": (ISSUES_TAB, {}, as_html),
    "cross-project issue list": (CROSS_ISSUES, {"limit": 25}, as_html),
    "projects API (100)": (LIST, {"limit": 100}, as_json),
    "issues API (100)": (CROSS_ISSUES, {"limit": 100}, as_json),
    "executive dashboard": (DASHBOARD, {}, as_html),
}


def _median(fn: Callable[[], object], repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(database_url: str, *, code: str, report_id: int, repeat: int) -> dict[str, dict[str, float]]:
    """{page name: {"sql_ms", "html_ms"}} for every page with a floor (and the submit's write floor)."""
    out = {}
    with psycopg.connect(database_url) as conn:
        for name, (sql, params, render) in FLOORS.items():
            args = {"code": code, **params}  # params may name another project

            def query(sql=sql, args=args):
                return conn.execute(sql, args).fetchall()

            def page(query=query, render=render):
                return render(query())

            out[name] = {"sql_ms": round(_median(query, repeat), 2), "html_ms": round(_median(page, repeat), 2)}
            conn.rollback()

        def write():
            with conn.transaction(force_rollback=True):
                for statement in SUBMIT:
                    conn.execute(statement, {"report": report_id, "code": code})

        ms = round(_median(write, repeat), 2)
        out["weekly status submit (API)"] = {"sql_ms": ms, "html_ms": ms}
    return out
