"""The whole life of a blueprint project, through the services (the browser test walks the same path)."""

from __future__ import annotations

import pytest

from core.models import AuditEntry
from standards.models import ChecklistRun, GateReview
from standards.services import gates, runs

pytestmark = pytest.mark.django_db


def test_instantiate_run_and_approve(project, pm_user, exec_user):
    assert project.milestones.count() == 3
    assert project.risks.count() == 1
    run = ChecklistRun.objects.get(project=project)
    assert run.state == "due" and run.milestone.name == "Requirements gate"
    review = GateReview.objects.get(project=project, phase="requirements")
    assert review.run == run
    item = run.checklist.current_version.items.get(required=True)
    runs.answer_item(actor=pm_user, run=run, item=item, answer="done")
    run.refresh_from_db()
    runs.complete_run(actor=pm_user, run=run, expected_version=run.version)
    gates.decide_gate(actor=exec_user, review=review, decision="approved", expected_version=review.version)
    project.refresh_from_db()
    assert project.phase == "design"
    assert AuditEntry.objects.filter(project_id=project.pk, action="gate_approved").exists()
