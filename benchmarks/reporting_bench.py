"""Weekly status PDFs on one worker: PDFs per second, the overhead over WeasyPrint alone, and the peak memory.

``run(database_url) -> dict`` (for ``make bench``) measures in a child process configured for ``database_url`` (a
migrated database with projects and submitted status reports, e.g. the bench's 1,000 projects × 3 years). It builds
``REPORTING_BENCH_PDFS`` (200) weekly status reports one after the other in that one process, exactly as the worker
does (``reporting.services.pipeline.execute``: claim, data, charts exported to SVG by the warm kaleido/chromium,
WeasyPrint, store with checksum, finish), then renders the same reports' HTML again and times WeasyPrint alone on it.
``overhead_pct`` = (pipeline time − WeasyPrint-alone time) ÷ WeasyPrint-alone time (target: under 30 %). The
process's peak RSS is sampled after every PDF (``rss_mb`` at each tenth of the batch): flat means no leak.

Standalone: ``python benchmarks/reporting_bench.py`` uses ``DATABASE_URL`` (or the DEBUG SQLite database) and prints
the result as JSON. No timing is asserted anywhere. The runs it creates are kept (they are report runs like any other,
marked "bench" in their audience) under a bench PMO user.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = int(os.environ.get("REPORTING_BENCH_PDFS", "200"))


def run(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"}
    python = ROOT / ".venv" / "bin" / "python"
    completed = subprocess.run(  # noqa: S603 - our own script
        [str(python if python.exists() else sys.executable), __file__, "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if completed.returncode != 0:
        return {"error": completed.stderr.strip().splitlines()[-3:] or ["failed"]}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure() -> dict:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("PMO_REPORTS_DIR", tempfile.mkdtemp(prefix="pmo_reports_bench_"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from core import roles
    from projects.models import Project, StatusReport
    from reporting.charts import svg
    from reporting.models import ReportRun
    from reporting.pdf import build
    from reporting.services import pipeline

    settings.PMO_REPORTS_DIR = os.environ["PMO_REPORTS_DIR"]
    user, _ = get_user_model().objects.get_or_create(username="rbench_pmo", defaults={"is_active": True})
    user.groups.add(Group.objects.get_or_create(name=roles.PMO)[0])
    reported = StatusReport.objects.filter(project=OuterRef("pk"), state__in=["submitted", "reviewed"])
    projects = list(Project.objects.filter(Exists(reported)).order_by("code").values_list("pk", flat=True)[:PDFS])
    if not projects:
        raise SystemExit("no project with a submitted status report to build")
    warm_s = svg.warm()
    today = timezone.localdate()
    runs = [
        ReportRun.objects.create(
            kind="weekly_status", project_id=pk, as_of=today, language="ja", requested_by=user, audience="bench"
        )
        for pk in (projects * (PDFS // len(projects) + 1))[:PDFS]
    ]
    rss = []
    started = time.perf_counter()
    for i, report_run in enumerate(runs, start=1):
        pipeline.execute(report_run.pk, final=True)
        if i % max(1, PDFS // 10) == 0:
            rss.append(_rss_mb())
    pipeline_s = time.perf_counter() - started

    htmls = [build.render_html(ReportRun.objects.get(pk=r.pk))[0] for r in runs]
    started = time.perf_counter()
    pages = 0
    for html in htmls:
        pages += build.html_to_pdf(html)[1]
    weasy_s = time.perf_counter() - started
    chart_s = []
    for r in runs[:20]:
        chart_s.append(build.render_html(ReportRun.objects.get(pk=r.pk))[1]["charts"] / 3)
    done = ReportRun.objects.filter(pk__in=[r.pk for r in runs], state="done").count()
    return {
        "pdfs": len(runs),
        "done": done,
        "pages": pages,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "chromium_start_s": round(warm_s, 2),
        "seconds_per_chart": round(sum(chart_s) / len(chart_s), 3) if chart_s else None,
        "pipeline_s": round(pipeline_s, 2),
        "pdfs_per_s": round(len(runs) / pipeline_s, 2),
        "weasyprint_alone_s": round(weasy_s, 2),
        "weasyprint_alone_pdfs_per_s": round(len(runs) / weasy_s, 2),
        "overhead_pct": round(100 * (pipeline_s - weasy_s) / weasy_s, 1),
        "rss_mb": rss,
        "rss_growth_mb": round(rss[-1] - rss[0], 1) if rss else None,
    }


if __name__ == "__main__":
    if "--measure" in sys.argv:
        print(json.dumps(measure()))
    else:
        print(json.dumps(run(os.environ.get("DATABASE_URL", "")), indent=2))
