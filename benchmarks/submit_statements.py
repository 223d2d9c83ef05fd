"""The SQL statements of one weekly status submission on the bench's portfolio, as the service runs them
(``python benchmarks/submit_statements.py`` with the server's settings; prints ``{"statements": n, "sql": [...]}``).

A draft report of this week (``benchmarks/run.py`` makes one for each simulated PM) is submitted through
``projects.services.submit_status_report`` inside a transaction that is rolled back, so the portfolio is left as it
was. Transaction control (BEGIN, SAVEPOINT, …) is not counted, as in ``tests/projects/test_submit_statements.py``,
which pins the same number on a small project.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from projects import services
    from projects.models import ReportState, StatusReport

    draft = (
        StatusReport.objects.filter(state=ReportState.DRAFT, project__pm__isnull=False)
        .select_related("project__pm")
        .order_by("-week", "project__code")
        .first()
    )
    if draft is None:
        print(json.dumps({"statements": None, "sql": []}))
        return
    with transaction.atomic():
        with CaptureQueriesContext(connection) as ctx:
            services.submit_status_report(actor=draft.project.pm, report=draft, expected_version=draft.version)
        transaction.set_rollback(True)
    sql = [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)]
    print(json.dumps({"statements": len(sql), "sql": [s[:200] for s in sql]}))


if __name__ == "__main__":
    main()
