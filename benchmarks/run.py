"""``make bench``: the benchmark of issue 11 — a large portfolio, pages over HTTP against gunicorn, floors, load.

Steps: create a fresh PostgreSQL database ``pmo_bench_<time>`` (marked with a COMMENT; SQLite is refused), migrate,
``seed_bench --projects $BENCH_PROJECTS --weeks $BENCH_WEEKS``, serve it with gunicorn (``DEBUG=0``, 2 workers × 5
threads, 127.0.0.1), time every page (warm-up, then median and p95, SQL statements per request), measure each
page's SQL and SQL+HTML floor in the same run, run locust (50 users with think time for ``BENCH_LOAD_SECONDS``; then
the saturation throughput of the project list and of the status submit), profile the slowest pages with
pyinstrument, call ``benchmarks/knowledge_search.py`` and ``benchmarks/reporting_bench.py`` (``run(database_url)``)
when they exist, write ``bench/results/latest.md``, ``latest.json`` and a dated copy, and drop the database (kept
with ``BENCH_KEEP=1``).

Knobs (environment): BENCH_PROJECTS (1000), BENCH_WEEKS (156), BENCH_REPEAT (30), BENCH_LOAD_SECONDS (60),
BENCH_SATURATION_SECONDS (20), BENCH_KEEP (0: drop the database at the end), BENCH_REUSE (the name of a database
seeded by an earlier run kept with BENCH_KEEP=1: measure it again without seeding), BENCH_SKIP_LOAD (1: pages only), BENCH_SKIP_EXTRAS (1: not the other apps' benchmarks), BENCH_RESULTS_DIR. At 1,000 projects the whole run takes about 8 minutes on 2 cores.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import floors, load, pages, report, server  # noqa: E402


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _extras(database_url: str) -> dict:
    out = {}
    for name in ("knowledge_search", "reporting_bench"):
        path = Path(__file__).with_name(f"{name}.py")
        if not path.exists():
            continue
        spec = importlib.util.spec_from_file_location(f"benchmarks.{name}", path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            out[name] = module.run(database_url)
        except Exception as exc:  # noqa: BLE001 - another engineer's part: report it, keep the run
            out[name] = {"error": f"{type(exc).__name__}: {exc}"}
    return out


def _facts(database_url: str) -> dict:
    with psycopg.connect(database_url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        counts = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names
            for table in ("projects_project", "projects_statusreport", "projects_issue", "auth_user")
        }
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": version,
        "rows": counts,
    }


def main() -> int:
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url or base_url == "embedded" or base_url.startswith("sqlite"):
        print("!! make bench measures PostgreSQL only: no PostgreSQL answered (SQLite is refused).", file=sys.stderr)
        return 2
    n_projects, n_weeks = _int("BENCH_PROJECTS", 1000), _int("BENCH_WEEKS", 156)
    repeat, warmup = _int("BENCH_REPEAT", 30), 5
    started = time.perf_counter()
    reuse = os.environ.get("BENCH_REUSE", "")  # a database seeded earlier: measure again without seeding
    if reuse:
        name, url = reuse, server.url_for(base_url, reuse)
    else:
        name, url = server.create_database(base_url)
    print(f">> bench database {name}")
    results: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "database": name}
    try:
        env = server.server_env(url)
        results["migrate_s"] = round(server.manage(env, "migrate", "-v0"), 1)
        if not reuse:
            results["seed_s"] = round(
                server.manage(env, "seed_bench", f"--projects={n_projects}", f"--weeks={n_weeks}", "--bench"), 1
            )
            print(f">> seeded {n_projects} projects × {n_weeks} weeks in {results['seed_s']} s")
        with psycopg.connect(url, autocommit=True) as conn:  # as autovacuum would, before anyone measures
            conn.execute("VACUUM ANALYZE")
        results["machine"] = _facts(url)
        results["scale"] = {"projects": n_projects, "weeks": n_weeks}
        with psycopg.connect(url) as conn:
            project_id, code = conn.execute("SELECT id, code FROM projects_project WHERE code = 'BN-0001'").fetchone()
            team = conn.execute(
                "SELECT p.code, u.username, p.id FROM projects_project p JOIN auth_user u ON u.id = p.pm_id "
                "WHERE p.state = 'active' ORDER BY p.code LIMIT 20"
            ).fetchall()
            report_id = conn.execute(
                "SELECT id FROM projects_statusreport WHERE project_id = %s ORDER BY week DESC LIMIT 1", [project_id]
            ).fetchone()[0]
        with server.Gunicorn(env) as web:
            results["pages"] = _measure_pages(web.url, code, project_id, repeat, warmup)
            results["floors"] = floors.measure(url, code=code, report_id=report_id, repeat=repeat)
            users = sorted({u for _c, u, _i in team} | {"bench_pmo", "bench_exec"})
            sessions = _sessions(env, users)
            for _code, u, i in team:  # each simulated PM's project has this week's report as a draft
                client = pages.with_session(json.loads(sessions)[u])
                client.headers["Referer"] = web.url + "/"
                pages.draft_for_this_week(client, web.url, i, _this_week())
            results["submit_statements"] = _submit_statements(env)
            results["http_floor"] = pages.measure_get(
                pages.login(web.url, "bench_pmo"),
                web.url,
                "HTTP floor",
                "/favicon.ico",
                warmup=warmup,
                repeat=repeat,
                status=301,
            ).summary()
            load_env = {
                **os.environ,
                "BENCH_SESSIONS": sessions,
                "BENCH_CODES": ",".join(f"{c}:{u}:{i}" for c, u, i in team),
                "BENCH_WEEK": _this_week(),
            }
            seconds, sat = _int("BENCH_LOAD_SECONDS", 60), _int("BENCH_SATURATION_SECONDS", 20)
            if os.environ.get("BENCH_SKIP_LOAD") != "1":
                print(f">> load: 50 users for {seconds} s, then saturation runs of {sat} s")
                results["load"] = load.run_locust(
                    web.url, ["PMUser", "ExecUser"], users=50, spawn_rate=10, seconds=seconds, env=load_env
                )
                results["saturation"] = {
                    "project list": load.run_locust(
                        web.url, ["ListOnly"], users=10, spawn_rate=10, seconds=sat, env=load_env
                    ),
                    "status submit": load.run_locust(
                        web.url, ["SubmitOnly"], users=10, spawn_rate=10, seconds=sat, env=load_env
                    ),
                }
        slowest = sorted(
            (p for p in results["pages"] if p["path"].startswith("/") and "{" not in p["path"]),
            key=lambda p: -p["median_ms"],
        )[:3]
        results["profiles"] = _profile(env, [p["path"] for p in slowest])
        results["extras"] = {} if os.environ.get("BENCH_SKIP_EXTRAS") == "1" else _extras(url)
    finally:
        if os.environ.get("BENCH_KEEP") == "1" or reuse:
            print(f">> kept database {name} (BENCH_KEEP=1)")
        else:
            server.drop_database(base_url, name)
    results["total_s"] = round(time.perf_counter() - started, 1)
    results.setdefault("machine", {})["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    paths = report.write(results)
    print(f">> results: {', '.join(str(p) for p in paths)} ({results['total_s']} s)")
    return 0


def _this_week() -> str:
    from zoneinfo import ZoneInfo

    year, week, _ = dt.datetime.now(ZoneInfo(os.environ.get("TIME_ZONE", "Asia/Tokyo"))).date().isocalendar()
    return f"{year:04d}-W{week:02d}"


def _measure_pages(base: str, code: str, project_id: int, repeat: int, warmup: int) -> list[dict]:
    pmo = pages.login(base, "bench_pmo")
    executive = pages.login(base, "bench_exec")
    plan = [
        (pmo, "project list", "/projects/"),
        (pmo, "project page (156 weeks)", f"/projects/{code}/"),
        (pmo, "project page (26 weeks)", "/projects/BN-0002/"),
        (pmo, "issues tab", f"/projects/{code}/issues/"),
        (pmo, "cross-project issue list", "/projects/issues/?status=open"),
        (pmo, "projects API (100)", "/api/v1/projects/?page_size=100"),
        (pmo, "issues API (100)", "/api/v1/issues/?page_size=100"),
        (executive, "executive dashboard", "/dashboard/"),
        (executive, "PMO KPI page", "/kpis/"),
    ]
    if pmo.get(base + "/api/v1/portfolio/").status_code == 200:
        plan.append((executive, "portfolio API", "/api/v1/portfolio/"))
    out = []
    for session, name, path in plan:
        print(f">> {name}: {path}")
        out.append(pages.measure_get(session, base, name, path, warmup=warmup, repeat=repeat).summary())
    pm = pages.api_token(base, "bench_pm")
    out.append(pages.measure_submit(pm, base, project_id, _this_week(), warmup=warmup, repeat=repeat).summary())
    return out


def _sessions(env: dict, usernames: list[str]) -> str:
    """JSON {username: session key} for the load test (``benchmarks/sessions.py``)."""
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(Path(__file__).with_name("sessions.py")), *usernames],
        cwd=server.ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _submit_statements(env: dict) -> dict:
    """The statements of one status submission through the service (``benchmarks/submit_statements.py``)."""
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(Path(__file__).with_name("submit_statements.py"))],
        cwd=server.ROOT,
        env={**env, "PMO_BENCH_QUERY_COUNT": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"statements": None, "error": done.stderr[-1000:]}


def _profile(env: dict, paths: list[str]) -> str:
    if not paths:
        return ""
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(Path(__file__).with_name("profile_pages.py")), "bench_pmo", *paths],
        cwd=server.ROOT,
        env={**env, "PMO_BENCH_QUERY_COUNT": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout + (f"\n(profiler stderr)\n{done.stderr[-2000:]}" if done.returncode else "")


if __name__ == "__main__":
    sys.exit(main())
