"""The reporting pages and API lists run a fixed number of SQL queries, the same at 10 and at 200 projects.

Regenerate the pins with ``UPDATE_QUERY_COUNTS=1 pytest tests/reporting/test_query_counts.py`` after a deliberate
change and review the diff: a count that grows is a regression unless the page shows more.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles
from tests.factories import UserFactory
from tests.projects.test_query_counts import make_portfolio

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

COUNTS_FILE = Path(__file__).with_name("query_counts.json")
SIZES = [10, 200]


def urls(project) -> dict[str, str]:
    return {
        "dashboard": "/dashboard/",
        "dashboard_filtered": f"/dashboard/?org_unit={project.org_unit_id}&phase=build&state=active&o=-spi&page=1",
        "dashboard_flagged": "/dashboard/?flag=watermelon&o=high_risks",
        "export_csv": "/dashboard/export/csv/",
        "reports": "/reports/",
        "schedules": "/reports/schedules/",
        "panel_evm": f"/reporting/projects/{project.code}/evm/",
        "panel_rag": f"/reporting/projects/{project.code}/rag/",
        "panel_milestones": f"/reporting/projects/{project.code}/milestones/",
        "api_portfolio": "/api/v1/portfolio/?o=-cpi",
        "api_reports": "/api/v1/reports/",
        "api_schedules": "/api/v1/report-schedules/",
    }


def _measure(client, user, project) -> dict[str, int]:
    client.force_login(user)
    counts = {}
    for name, url in urls(project).items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(ctx.captured_queries)
    return counts


@pytest.mark.parametrize("size", SIZES)
def test_reporting_query_counts_are_fixed(client, size):
    pm = UserFactory(username="qc_pm", role=roles.PM)
    others = [UserFactory(username=f"qc_pm{i}", role=roles.PM) for i in range(2)]
    first = make_portfolio(size, pm=pm, others=others)
    users = {
        "exec": UserFactory(username="qc_exec", role=roles.EXECUTIVE),
        "pmo": UserFactory(username="qc_pmo", role=roles.PMO),
    }
    measured = {name: _measure(client, user, first) for name, user in users.items()}
    if os.environ.get("UPDATE_QUERY_COUNTS"):
        if size == SIZES[0]:
            COUNTS_FILE.write_text(json.dumps(measured, indent=2, sort_keys=True) + "\n")
        else:
            assert json.loads(COUNTS_FILE.read_text()) == measured
        return
    assert json.loads(COUNTS_FILE.read_text()) == measured
