"""Planning a checklist on an existing project (runs.add_checklist_plan): one test per rule."""

from __future__ import annotations

import pytest

from core.exceptions import NotAllowed, RuleError
from standards.models import ChecklistRun, GateReview, ProjectChecklistPlan
from standards.services import checklists as cl_services
from standards.services import runs
from tests.factories import user_with_role
from tests.standards.conftest import make_checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def design_gate_checklist(pmo_user):
    return make_checklist(pmo_user, code="GATE-DES", items=(("Design reviewed", True),))


def test_the_pm_plans_a_checklist_at_a_phase_and_its_gate_waits_for_it(pm_user, project, design_gate_checklist):
    plan = runs.add_checklist_plan(actor=pm_user, project=project, checklist=design_gate_checklist, schedule="phase",
                                   phase="design")  # fmt: skip
    assert plan.required and plan.phase == "design"
    run = ChecklistRun.objects.get(project=project, checklist=design_gate_checklist)
    assert run.milestone is not None and run.milestone.phase == "design" and run.due_date == run.milestone.current_date
    assert GateReview.objects.get(project=project, phase="design").run == run


def test_a_weekly_plan_ignores_the_phase(pm_user, project, design_gate_checklist):
    plan = runs.add_checklist_plan(actor=pm_user, project=project, checklist=design_gate_checklist,
                                   schedule="weekly", phase="design")  # fmt: skip
    assert plan.phase == ""


@pytest.mark.parametrize("role", ["member_user", "exec_user"])
def test_only_the_projects_managers_plan(request, role, project, design_gate_checklist):
    with pytest.raises(NotAllowed):
        runs.add_checklist_plan(actor=request.getfixturevalue(role), project=project,
                                checklist=design_gate_checklist, schedule="weekly")  # fmt: skip


def test_another_pm_may_not(project, design_gate_checklist):
    from core import roles

    with pytest.raises(NotAllowed):
        runs.add_checklist_plan(actor=user_with_role(roles.PM, "other_pm"), project=project,
                                checklist=design_gate_checklist, schedule="weekly")  # fmt: skip


@pytest.mark.parametrize("phase", ["", "nonsense"])
def test_a_phase_plan_needs_a_known_phase(pm_user, project, design_gate_checklist, phase):
    with pytest.raises(RuleError) as caught:
        runs.add_checklist_plan(actor=pm_user, project=project, checklist=design_gate_checklist, schedule="phase",
                                phase=phase)  # fmt: skip
    assert "phase" in caught.value.errors


def test_only_a_published_checklist(pmo_user, pm_user, project):
    draft = cl_services.create_checklist(actor=pmo_user, code="DRAFT-CL", title="Draft", purpose="weekly_quality")
    with pytest.raises(RuleError) as caught:
        runs.add_checklist_plan(actor=pm_user, project=project, checklist=draft, schedule="weekly")
    assert "checklist" in caught.value.errors


def test_not_twice_at_the_same_point(pm_user, project, checklist):
    with pytest.raises(RuleError) as caught:  # the blueprint already plans it at requirements
        runs.add_checklist_plan(actor=pm_user, project=project, checklist=checklist, schedule="phase",
                                phase="requirements")  # fmt: skip
    assert "checklist" in caught.value.errors


def test_not_on_a_closed_project(pm_user, project, design_gate_checklist):
    project.state = "closed"
    project.save(update_fields=["state"])
    before = ProjectChecklistPlan.objects.count()
    with pytest.raises(RuleError) as caught:
        runs.add_checklist_plan(actor=pm_user, project=project, checklist=design_gate_checklist, schedule="weekly")
    assert None in caught.value.errors
    assert ProjectChecklistPlan.objects.count() == before
