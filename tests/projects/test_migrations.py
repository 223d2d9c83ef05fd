"""Data migrations of the projects app, run forwards on real data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("projects", "0004_core_audit_protect_archive"), ("core", "0001_initial")]
AFTER = [("projects", "0005_normalise_codes")]


@pytest.fixture
def back_to_latest():
    """Whatever the test migrates to, the schema is the latest again afterwards (later tests need it)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_codes_that_break_urls_are_rewritten_and_audited(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    User = apps.get_model("auth", "User")
    OrgUnit = apps.get_model("projects", "OrgUnit")
    Project = apps.get_model("projects", "Project")
    pm = User.objects.create(username="mig_pm")
    unit = OrgUnit.objects.create(code="ou/sys", name="Systems")
    good = Project.objects.create(code="PRJ-2026-001", name="Fine", org_unit=unit, pm=pm)
    bad = Project.objects.create(code="prj/2026 002", name="Broken", org_unit=unit, pm=pm)
    clash = Project.objects.create(code="PRJ 2026 001", name="Clash", org_unit=unit, pm=pm)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Project = apps.get_model("projects", "Project")
    OrgUnit = apps.get_model("projects", "OrgUnit")
    AuditEntry = apps.get_model("core", "AuditEntry")
    codes = dict(Project.objects.values_list("pk", "code"))
    assert codes[good.pk] == "PRJ-2026-001"
    assert codes[bad.pk] == "PRJ-2026-002"
    assert codes[clash.pk] == "PRJ-2026-001-2"
    assert OrgUnit.objects.get(pk=unit.pk).code == "OU-SYS"
    entry = AuditEntry.objects.get(project_id=bad.pk, object_type="project")
    assert entry.changes == {"code": ["prj/2026 002", "PRJ-2026-002"]}
