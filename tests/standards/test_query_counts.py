"""The library, compliance, run and gate pages (and the API lists) run a fixed number of SQL queries, however many
rows there are: each is measured at 10 and at 200 rows and must equal the count pinned in query_counts.json.
Regenerate with ``UPDATE_QUERY_COUNTS=1 pytest tests/standards/test_query_counts.py`` after a deliberate change."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import OrgUnit, Project
from standards.models import (
    Blueprint,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistRun,
    ChecklistVersion,
    DocumentVersion,
    GateReview,
    ProjectChecklistPlan,
    StandardDocument,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]
COUNTS_FILE = Path(__file__).with_name("query_counts.json")
SIZES = [10, 200]
TODAY = dt.date(2026, 11, 18)


def make_rows(n: int, *, pmo, pm) -> ChecklistRun:
    """``n`` documents, checklists, blueprints and projects with runs; returns a run of ``n`` items."""
    documents = StandardDocument.objects.bulk_create(
        StandardDocument(code=f"DOC-{i}", title=f"Doc {i}", owner=pmo, status="published") for i in range(n)
    )
    versions = DocumentVersion.objects.bulk_create(
        DocumentVersion(document=d, number=1, state="published", body="b", created_by=pmo) for d in documents
    )
    for document, version in zip(documents, versions, strict=True):
        document.current_version = version
    StandardDocument.objects.bulk_update(documents, ["current_version"])
    checklists = Checklist.objects.bulk_create(
        Checklist(code=f"CL-{i}", title=f"Checklist {i}", owner=pmo, status="published") for i in range(n)
    )
    cl_versions = ChecklistVersion.objects.bulk_create(
        ChecklistVersion(checklist=c, number=1, state="published", created_by=pmo) for c in checklists
    )
    for checklist, version in zip(checklists, cl_versions, strict=True):
        checklist.current_version = version
    Checklist.objects.bulk_update(checklists, ["current_version"])
    items = ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist_version=cl_versions[0], position=i, text=f"Item {i}", required=i % 2 == 0)
        for i in range(n)
    )
    Blueprint.objects.bulk_create(Blueprint(code=f"BP-{i}", name=f"BP {i}", owner=pmo, status="published")
                                  for i in range(n))  # fmt: skip
    org = OrgUnit.objects.create(code="OU-Q", name="Unit")
    projects = Project.objects.bulk_create(
        Project(code=f"PRJ-Q-{i:03d}", name=f"P {i}", org_unit=org, pm=pm, state="active") for i in range(n)
    )
    runs = ChecklistRun.objects.bulk_create(
        ChecklistRun(project=p, checklist=checklists[0], checklist_version=cl_versions[0], state="in_progress",
                     due_date=TODAY - dt.timedelta(days=i % 3), required=True)
        for i, p in enumerate(projects)
    )  # fmt: skip
    ChecklistAnswer.objects.bulk_create(
        ChecklistAnswer(run=runs[0], item=item, answer="done", answered_by=pm) for item in items[::2]
    )
    from projects.models import Milestone

    milestones = Milestone.objects.bulk_create(
        Milestone(project=p, name="Gate", phase="design", baseline_date=TODAY, is_phase_gate=True) for p in projects
    )
    GateReview.objects.bulk_create(
        GateReview(project=m.project, milestone=m, run=r, phase="design", next_phase="build")
        for m, r in zip(milestones, runs, strict=True)
    )
    ProjectChecklistPlan.objects.bulk_create(  # the plan page lists the project's plans: n of them
        ProjectChecklistPlan(project=projects[0], checklist=c, schedule="phase", phase="design") for c in checklists
    )
    return runs[0]


def pages(run) -> dict[str, str]:
    gate = GateReview.objects.get(run=run)
    return {
        "library": reverse("standards:index"),
        "compliance": reverse("standards:compliance"),
        "run": reverse("standards:run", kwargs={"pk": run.pk}),
        "gate": reverse("standards:gate", kwargs={"pk": gate.pk}),
        "checklist": reverse("standards:checklist", kwargs={"pk": run.checklist_id}),
        "project_panel": reverse("standards:project_panel", kwargs={"code": run.project.code}),
        "plan_checklist": reverse("standards:plan_checklist", kwargs={"code": run.project.code}),
        "home_gates": reverse("standards:home_gates"),
        "api_documents": "/api/v1/standards/documents/",
        "api_checklists": "/api/v1/standards/checklists/",
        "api_runs": "/api/v1/checklist-runs/",
        "api_gates": "/api/v1/gate-reviews/",
    }


def measure(client, user, run) -> dict[str, int]:
    client.force_login(user)
    counts = {}
    for key, url in pages(run).items():
        client.get(url)  # warm caches (session, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[key] = len(ctx)
    return counts


@pytest.mark.parametrize("size", SIZES)
def test_query_counts_do_not_grow(client, pmo_user, pm_user, size, django_db_blocker):
    run = make_rows(size, pmo=pmo_user, pm=pm_user)
    measured = {"pmo_user": measure(client, pmo_user, run)}
    client.logout()
    measured["pm_user"] = measure(client, pm_user, run)
    if os.environ.get("UPDATE_QUERY_COUNTS") == "1":
        COUNTS_FILE.write_text(json.dumps(measured, indent=2, sort_keys=True) + "\n")
    pinned = json.loads(COUNTS_FILE.read_text())
    wrong = {
        f"{user}.{key}": (count, pinned.get(user, {}).get(key))
        for user, counts in measured.items()
        for key, count in counts.items()
        if pinned.get(user, {}).get(key) != count
    }
    assert not wrong, f"(measured, pinned) at {size} rows: {wrong}"
