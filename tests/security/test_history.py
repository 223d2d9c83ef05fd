"""History completeness (issue 12): a sequence of changes made through the services appears in the project's
history (core.models.AuditEntry) exactly, in order, with the old and new values, and nothing done later (deleting
an item, closing and archiving the project) removes any of it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.models import AuditEntry
from projects import services
from projects.services.status import ReportContent
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

REPORT = {
    "overall_rag": "green",
    "schedule_rag": "green",
    "cost_rag": "green",
    "quality_rag": "green",
    "scope_rag": "green",
    "percent_complete": "30",
    "summary": "順調",
}


def _history(project) -> list[tuple[str, str, int, dict]]:
    rows = AuditEntry.objects.filter(project_id=project.pk).order_by("id")
    return [(e.action, e.object_type, e.object_id, e.changes) for e in rows]


def test_history_holds_every_change_made_exactly_once_in_order(pm_user, pmo_user, member_user):
    project = ProjectFactory(code="PRJ-HIST", name="旧名称", pm=pm_user)
    assert _history(project) == []
    expected: list[tuple[str, str, int, dict]] = []  # (action, type, id, {field: [old, new]} we changed)
    actors = []

    project = services.update_project(actor=pm_user, project=project, expected_version=project.version, name="新名称")
    expected.append(("update", "project", project.pk, {"name": ["旧名称", "新名称"]}))
    actors.append(pm_user)
    membership = services.set_membership(actor=pm_user, project=project, user=member_user, project_role="開発")
    expected.append(("add member", "projectmembership", membership.pk, {"project_role": [None, "開発"]}))
    actors.append(pm_user)

    issue = services.create_issue(actor=pm_user, project=project, title="テスト環境が落ちる", owner=member_user)
    expected.append(("create", "issue", issue.pk, {}))
    actors.append(pm_user)
    issue = services.update_issue(
        actor=member_user, issue=issue, expected_version=issue.version, title="テスト環境が頻繁に落ちる"
    )
    expected.append(("update", "issue", issue.pk, {"title": ["テスト環境が落ちる", "テスト環境が頻繁に落ちる"]}))
    actors.append(member_user)

    risk = services.create_risk(actor=pmo_user, project=project, title="要員不足", probability=3, impact=4)
    expected.append(("create", "risk", risk.pk, {}))
    actors.append(pmo_user)
    risk = services.update_risk(actor=pm_user, risk=risk, expected_version=risk.version, probability=5)
    expected.append(("update", "risk", risk.pk, {"probability": [3, 5]}))
    actors.append(pm_user)

    content = ReportContent.from_mapping(REPORT)
    report = services.create_status_report(actor=pm_user, project=project, week="2026-W10", content=content)
    expected.append(("create", "statusreport", report.pk, {}))
    actors.append(pm_user)
    report = services.update_status_report(
        actor=pm_user, report=report, content=replace(content, summary="遅延あり"), expected_version=report.version
    )
    expected.append(("update", "statusreport", report.pk, {"summary": ["順調", "遅延あり"]}))
    actors.append(pm_user)

    services.delete_item(actor=pm_user, obj=issue)
    expected.append(("delete", "issue", issue.pk, {}))
    actors.append(pm_user)

    history = _history(project)
    mine = [(a, t, i) for a, t, i, _c in history]
    assert mine == [(a, t, i) for a, t, i, _c in expected], history
    for (_a, _t, _i, changes), (_ea, _et, _ei, wanted) in zip(history, expected, strict=True):
        for field, (old, new) in wanted.items():
            assert field in changes, (field, changes)
            assert [str(v) for v in changes[field]] == [str(old), str(new)], (field, changes[field])
    # Who did it is kept with every entry.
    recorded = AuditEntry.objects.filter(project_id=project.pk).order_by("id").values_list("actor", flat=True)
    assert list(recorded) == [user.pk for user in actors]


def test_refused_and_stale_changes_leave_no_history(pm_user, other_pm):
    from core.exceptions import NotAllowed, StaleEdit

    project = ProjectFactory(code="PRJ-HIST-2", pm=pm_user)
    with pytest.raises(NotAllowed):
        services.update_project(actor=other_pm, project=project, expected_version=project.version, name="乗っ取り")
    with pytest.raises(StaleEdit):
        services.update_project(actor=pm_user, project=project, expected_version=project.version + 5, name="古い")
    assert _history(project) == []
    project.refresh_from_db()
    assert project.name != "乗っ取り" and project.name != "古い"


def test_history_survives_closing_and_archiving(pm_user, pmo_user):
    project = ProjectFactory(code="PRJ-HIST-3", pm=pm_user)
    services.create_issue(actor=pm_user, project=project, title="課題")
    before = _history(project)
    project = services.update_project(
        actor=pmo_user, project=project, expected_version=project.version, state="cancelled"
    )
    project = services.archive_project(actor=pmo_user, project=project, expected_version=project.version)
    after = _history(project)
    assert after[: len(before)] == before
    assert [(a, t) for a, t, *_ in after[len(before) :]] == [("update", "project"), ("archive", "project")]
