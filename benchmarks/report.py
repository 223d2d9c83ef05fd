"""The results table: ``bench/results/latest.md`` and ``latest.json`` plus dated copies, and the issue's targets."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR") or Path(__file__).resolve().parent.parent / "bench" / "results")
SUBMIT = "weekly status submit (API)"


def _page(results: dict, name: str) -> dict:
    return next((p for p in results.get("pages", []) if p["name"] == name), {})


def _ratio(results: dict, page: dict) -> float | None:
    """page ÷ floor, the floor being the SQL+HTML floor plus the HTTP floor (the cheapest request to the same
    server: loopback, gunicorn and Django's middleware, no query of its own)."""
    floor = results.get("floors", {}).get(page.get("name"), {}).get("html_ms")
    http = results.get("http_floor", {}).get("median_ms", 0)
    return round(page["median_ms"] / (floor + http), 1) if floor and page else None


def targets(results: dict) -> list[dict]:
    """The targets of issue 11 at the measured scale, each with the value measured and whether it is met."""
    out = []

    def add(label: str, value, limit, unit: str = "ms") -> None:
        met = value is not None and value <= limit
        out.append({"target": label, "value": value, "limit": limit, "unit": unit, "met": met})

    for name in ("project page (156 weeks)", "project list"):
        page = _page(results, name)
        add(f"{name}: median < 40 ms", page.get("median_ms"), 40)
        add(f"{name}: ≤ 3× its SQL+HTML floor", _ratio(results, page), 3, "×")
    long, short = _page(results, "project page (156 weeks)"), _page(results, "project page (26 weeks)")
    if long and short:
        growth = round(long["median_ms"] / short["median_ms"], 2)
        add("project page: 156 weeks ÷ 26 weeks of history ≤ 1.2 (no growth with history)", growth, 1.2, "×")
    add("projects API (100 rows): median < 40 ms", _page(results, "projects API (100)").get("median_ms"), 40)
    submit = _page(results, SUBMIT)
    add("weekly status submit: median < 60 ms", submit.get("median_ms"), 60)
    add(
        "weekly status submit: SQL statements of the service ≤ 12 (measured: benchmarks/submit_statements.py)",
        results.get("submit_statements", {}).get("statements"),
        12,
        "",
    )
    add("50 users with think time: p95 < 300 ms", results.get("load", {}).get("total", {}).get("p95_ms"), 300)
    return out


def markdown(results: dict) -> str:
    m = results.get("machine", {})
    scale = results.get("scale", {})
    lines = [
        f"# make bench — {results['date']}",
        "",
        f"Machine: {m.get('cpu')} ({m.get('cores')} cores), Python {m.get('python')}, PostgreSQL "
        f"{m.get('postgresql')}; load average (1, 5, 15 min) {m.get('load_average_at_start')} at the start, "
        f"{m.get('load_average_at_end')} at the end (other work on the machine slows every figure). Scale: {scale.get('projects')} projects × {scale.get('weeks')} weeks "
        f"({m.get('rows', {}).get('projects_statusreport')} weekly reports, {m.get('rows', {}).get('projects_issue')} "
        f"issues, {m.get('rows', {}).get('auth_user')} people). Served by gunicorn (DEBUG=0, 2 workers × 5 threads, "
        "loopback). Seed: "
        f"{results.get('seed_s')} s; migrate {results.get('migrate_s')} s; whole run {results.get('total_s')} s.",
        "",
        "## Pages (one client, after warm-up)",
        "",
        "| page | median ms | p95 ms | SQL | KB | floor SQL ms | floor SQL+HTML ms | page ÷ floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page in results.get("pages", []):
        floor = results.get("floors", {}).get(page["name"], {})
        lines.append(
            f"| {page['name']} `{page['path']}` | {page['median_ms']} | {page['p95_ms']} | {page['queries']} | "
            f"{page['bytes'] // 1024} | {floor.get('sql_ms', '–')} | {floor.get('html_ms', '–')} | "
            f"{_ratio(results, page) or '–'} |"
        )
    http = results.get("http_floor", {})
    lines += [
        "",
        f"HTTP floor (`{http.get('path')}`: a redirect answered by a one-line view: loopback, gunicorn, Django's middleware, no query): median "
        f"{http.get('median_ms')} ms. page ÷ floor = page median ÷ (SQL+HTML floor + HTTP floor).",
        "",
        "SQL = statements per request as PostgreSQL saw them (session and authentication included), from the "
        "bench-only `X-Bench-Queries` header. The floor of the submit is its three writes (report, revision, project) "
        "in one rolled-back transaction.",
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---:|:---:|",
    ]
    for t in targets(results):
        lines.append(f"| {t['target']} | {t['value']} {t['unit']} | {'yes' if t['met'] else '**no**'} |")
    load = results.get("load", {})
    lines += [
        "",
        f"## Load: {load.get('users')} users with think time (1–5 s), {load.get('seconds')} s, PM and executive mix",
        "",
        "| request | count | failures | median ms | p95 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in sorted(load.get("requests", {}).items()):
        lines.append(f"| {name} | {r['requests']} | {r['failures']} | {r['median_ms']} | {r['p95_ms']} | {r['rps']} |")
    total = load.get("total", {})
    if total:
        lines.append(
            f"| **all** | {total['requests']} | {total['failures']} | {total['median_ms']} | {total['p95_ms']} | "
            f"{total['rps']} |"
        )
    lines += ["", "## Saturation (10 users, no think time)", "", "| scenario | req/s | median ms | p95 ms | failures |"]
    lines.append("|---|---:|---:|---:|---:|")
    for name, run in results.get("saturation", {}).items():
        t = run.get("total", {})
        lines.append(f"| {name} | {t.get('rps')} | {t.get('median_ms')} | {t.get('p95_ms')} | {t.get('failures')} |")
    if results.get("extras"):
        lines += [
            "",
            "## Other apps' benchmarks",
            "",
            "```json",
            json.dumps(results["extras"], indent=2, ensure_ascii=False),
            "```",
        ]
    if results.get("findings"):
        lines += ["", "## Findings", "", results["findings"]]
    lines += ["", "## Profiles of the slowest pages (pyinstrument)", "", "```", results.get("profiles", ""), "```", ""]
    return "\n".join(lines)


def write(results: dict) -> list[Path]:
    RESULTS.mkdir(parents=True, exist_ok=True)
    findings = RESULTS / "findings.md"
    if findings.exists():
        results["findings"] = findings.read_text(encoding="utf-8")
    stamp = results["date"][:19].replace(":", "").replace("-", "")
    md, js = RESULTS / "latest.md", RESULTS / "latest.json"
    md.write_text(markdown(results), encoding="utf-8")
    js.write_text(json.dumps({**results, "targets": targets(results)}, indent=2, ensure_ascii=False), "utf-8")
    shutil.copy(md, RESULTS / f"{stamp}.md")
    shutil.copy(js, RESULTS / f"{stamp}.json")
    return [md, js]
