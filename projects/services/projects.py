"""Writes on projects, baselines and memberships. Every rule about them is checked here.

Projects are never deleted: they are closed or cancelled (the lifecycle below), and the PMO may archive a closed or
cancelled one, which keeps it and its whole history readable but frozen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, roles
from core.exceptions import InvalidTransition, NotAllowed, Rules
from core.locking import apply_update, check_version, lock
from core.unset import UNSET
from projects import extensions, permissions
from projects.models import (
    Baseline,
    OrgUnit,
    Phase,
    Program,
    Project,
    ProjectState,
    ProjectType,
)
from projects.services.metrics import refresh_project_snapshot

User = get_user_model()


#: The project's own fields, in the order forms and the API show them (declared once; forms and serializers use it).
PROJECT_FIELDS = [
    "code",
    "name",
    "description",
    "org_unit",
    "program",
    "pm",
    "deputy_pm",
    "sponsor",
    "customer",
    "project_type",
    "state",
    "phase",
    "confidential",
    "currency",
]
#: A baseline's fields (BAC and dates first, then the quality targets, which a re-baseline carries over).
BASELINE_FIELDS = [
    "planned_start",
    "planned_end",
    "bac",
    "defect_density_target",
    "review_coverage_target",
    "open_defects_target",
    "test_pass_rate_target",
]
TARGET_FIELDS = BASELINE_FIELDS[3:]

#: The lifecycle of SPEC.md: proposed → active ⇄ on hold → closed / cancelled. Staying put is always allowed.
LIFECYCLE: dict[str, frozenset[str]] = {
    ProjectState.PROPOSED: frozenset({ProjectState.ACTIVE, ProjectState.CANCELLED}),
    ProjectState.ACTIVE: frozenset({ProjectState.ON_HOLD, ProjectState.CLOSED, ProjectState.CANCELLED}),
    ProjectState.ON_HOLD: frozenset({ProjectState.ACTIVE, ProjectState.CLOSED, ProjectState.CANCELLED}),
    ProjectState.CLOSED: frozenset(),
    ProjectState.CANCELLED: frozenset(),
}
ARCHIVABLE_STATES = (ProjectState.CLOSED, ProjectState.CANCELLED)


def allowed_states(user, current: str | None) -> list[str]:
    """The states ``user`` may choose for a project now in ``current`` (``None``: a new project)."""
    if current is None or permissions.can_correct_lifecycle(user):
        return list(ProjectState.values)
    return [current, *[s for s in ProjectState.values if s in LIFECYCLE[current]]]


def pm_candidates():
    """Active users holding the PM role: who may be the PM or deputy PM of a project."""
    return User.objects.filter(is_active=True, groups__name=roles.PM).distinct().order_by("username")


def _is_pm_candidate(user) -> bool:
    return bool(user) and user.is_active and roles.is_pm(user)


def _check_people(rules: Rules, *, pm, deputy_pm) -> None:
    rules.check(_is_pm_candidate(pm), "pm", _("The PM must be an active user with the PM role."))
    if deputy_pm is not None:
        rules.check(
            _is_pm_candidate(deputy_pm), "deputy_pm", _("The deputy PM must be an active user with the PM role.")
        )
        rules.check(
            pm is None or deputy_pm.pk != pm.pk, "deputy_pm", _("The deputy PM must be someone other than the PM.")
        )


def model_rules(rules: Rules, obj, *, exclude: list[str] | None = None, constraints: bool = True) -> None:
    """The model's own field rules (formats, choices, lengths, uniqueness), through ``full_clean``.

    A baseline's check constraints (end after start, BAC not negative) are ``baseline_rules``' to say at the
    field, so they are left out there (``constraints=False``); the database still enforces them."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=constraints)
    except ValidationError as exc:
        rules.extend(exc)


def baseline_rules(rules: Rules, *, planned_start, planned_end, bac) -> None:
    if planned_start and planned_end and planned_end < planned_start:
        rules.add("planned_end", _("The end date cannot be before the start date."))
    if bac is not None and bac < 0:
        rules.add("bac", _("The budget cannot be negative."))


@transaction.atomic
def create_project(
    *,
    actor,
    code: str,
    name: str,
    org_unit: OrgUnit,
    pm,
    planned_start: dt.date,
    planned_end: dt.date,
    bac: Decimal,
    description: str = "",
    program: Program | None = None,
    deputy_pm=None,
    sponsor: str = "",
    customer: str = "",
    project_type: str = ProjectType.SYSTEM_DEVELOPMENT,
    state: str = ProjectState.PROPOSED,
    phase: str = Phase.INITIATION,
    confidential: bool = False,
    currency: str = "JPY",
    defect_density_target: Decimal | None = None,
    review_coverage_target: Decimal | None = None,
    open_defects_target: int | None = None,
    test_pass_rate_target: Decimal | None = None,
    reason: str = "",
) -> Project:
    """A new project with its first baseline. A PM creates only projects they run (as PM or deputy PM)."""
    if not permissions.can_create_project_for(actor, pm=pm, deputy_pm=deputy_pm):
        if permissions.can_create_project(actor):
            raise NotAllowed(_("A PM can create only projects they run as PM or deputy PM."), field="pm")
        raise NotAllowed(_("You may not create projects."))
    project = Project(
        code=code,
        name=name,
        description=description,
        org_unit=org_unit,
        program=program,
        pm=pm,
        deputy_pm=deputy_pm,
        sponsor=sponsor,
        customer=customer,
        project_type=project_type,
        state=state,
        phase=phase,
        confidential=confidential,
        currency=currency,
        updated_by=actor,
    )
    baseline = Baseline(
        number=1,
        planned_start=planned_start,
        planned_end=planned_end,
        bac=bac,
        defect_density_target=defect_density_target,
        review_coverage_target=review_coverage_target,
        open_defects_target=open_defects_target,
        test_pass_rate_target=test_pass_rate_target,
        reason=reason,
        created_by=actor,
    )
    rules = Rules()
    _check_people(rules, pm=pm, deputy_pm=deputy_pm)
    model_rules(rules, project, exclude=["baseline"])
    model_rules(rules, baseline, exclude=["project"], constraints=False)
    baseline_rules(rules, planned_start=planned_start, planned_end=planned_end, bac=bac)
    rules.raise_if_any()
    project.save()
    baseline.project = project
    baseline.save()
    project.baseline = baseline
    project.save(update_fields=["baseline"])
    created = audit.snapshot(project, PROJECT_FIELDS)
    audit.record(
        project=project,
        actor=actor,
        action="create",
        obj=project,
        changes={k: [None, v] for k, v in created.items() if v not in (None, "", False)},
    )
    audit.record(
        project=project,
        actor=actor,
        action="baseline",
        obj=baseline,
        changes={k: [None, v] for k, v in audit.snapshot(baseline, BASELINE_FIELDS).items() if v is not None},
    )
    refresh_project_snapshot(project=project)
    return project


@transaction.atomic
def update_project(
    *,
    actor,
    project: Project,
    expected_version: int | None,
    code: str = UNSET,
    name: str = UNSET,
    description: str = UNSET,
    org_unit: OrgUnit = UNSET,
    program: Program | None = UNSET,
    pm=UNSET,
    deputy_pm=UNSET,
    sponsor: str = UNSET,
    customer: str = UNSET,
    project_type: str = UNSET,
    state: str = UNSET,
    phase: str = UNSET,
    confidential: bool = UNSET,
    currency: str = UNSET,
) -> Project:
    """Change a project's own fields (only those passed). The baseline changes only by ``rebaseline``."""
    passed = {
        name_: value
        for name_, value in (
            ("code", code),
            ("name", name),
            ("description", description),
            ("org_unit", org_unit),
            ("program", program),
            ("pm", pm),
            ("deputy_pm", deputy_pm),
            ("sponsor", sponsor),
            ("customer", customer),
            ("project_type", project_type),
            ("state", state),
            ("phase", phase),
            ("confidential", confidential),
            ("currency", currency),
        )
        if value is not UNSET
    }
    current = lock(project)
    if not permissions.can_manage_project(actor, current):
        raise NotAllowed(_("You may not change this project."))
    check_version(current, expected_version)
    rules = Rules()
    new_pm = passed.get("pm", current.pm)
    new_deputy = passed.get("deputy_pm", current.deputy_pm)
    if "pm" in passed and getattr(new_pm, "pk", None) != current.pm_id and not permissions.can_change_pm(actor):
        rules.add("pm", _("Only the PMO can hand the project to another PM."))
    if (new_pm, new_deputy) != (current.pm, current.deputy_pm):
        _check_people(rules, pm=new_pm, deputy_pm=new_deputy)
    new_state = passed.get("state", current.state)
    if new_state != current.state and new_state not in allowed_states(actor, current.state):
        rules.add(
            "state",
            _("A project cannot go from %(old)s to %(new)s.")
            % {"old": ProjectState(current.state).label, "new": _state_label(new_state)},
        )
    candidate = Project(**{f.attname: getattr(current, f.attname) for f in Project._meta.concrete_fields})
    candidate._state.adding = False  # an existing row: uniqueness excludes itself
    for key, value in passed.items():
        setattr(candidate, key, value)
    model_rules(rules, candidate, exclude=["baseline"])
    changes = {k: v for k, v in passed.items() if v != getattr(current, k)}
    extensions.run_change_guards(actor=actor, project=current, changes=changes, rules=rules)
    rules.raise_if_any()
    apply_update(obj=project, actor=actor, project=project, data=passed, expected_version=None, locked=current)
    return project


@transaction.atomic
def advance_phase(
    *, actor, project: Project, phase: str, expected_version: int | None = None, reason: str = ""
) -> Project:
    """Move the project's phase forward, and nothing else: what a phase-gate decision may do to a project.

    Allowed to ``permissions.can_advance_phase`` (the PMO, or an executive who may see the project), who need not
    manage the project. The change guards run as for ``update_project`` (the standards app's gate guard refuses a
    phase past a gate that is not approved). ``expected_version`` is checked when given (a caller that has just
    locked the project may leave it out). The audit entry names ``actor`` and carries ``reason``."""
    current = lock(project)
    if not permissions.can_advance_phase(actor, current):
        raise NotAllowed(_("You may not move this project's phase on."))
    if expected_version is not None:
        check_version(current, expected_version)
    rules = Rules()
    phases = list(Phase.values)
    if phase not in phases:
        rules.add("phase", _("Choose one of the phases."))
    elif current.phase in phases and phases.index(phase) <= phases.index(current.phase):
        rules.add(
            "phase",
            _("The phase can only move forward (the project is in %(phase)s).") % {"phase": Phase(current.phase).label},
        )
    if current.state in ARCHIVABLE_STATES:
        rules.add("phase", _("A closed or cancelled project does not change phase."))
    rules.raise_if_any()
    extensions.run_change_guards(actor=actor, project=current, changes={"phase": phase}, rules=rules)
    rules.raise_if_any()
    apply_update(
        obj=project,
        actor=actor,
        project=project,
        data={"phase": phase},
        expected_version=None,
        comment=(reason or "").strip(),
        locked=current,
    )
    return project


def _state_label(value: str) -> str:
    try:
        return str(ProjectState(value).label)
    except ValueError:
        return str(value)


@transaction.atomic
def archive_project(*, actor, project: Project, expected_version: int | None, reason: str = "") -> Project:
    """The PMO archives a closed or cancelled project: kept with its whole history, frozen, off everyday lists."""
    current = lock(project)
    if not permissions.can_archive_project(actor):
        raise NotAllowed(_("Only the PMO can archive a project."))
    check_version(current, expected_version)
    if current.archived_at is not None:
        raise InvalidTransition(_("This project is already archived."))
    if current.state not in ARCHIVABLE_STATES:
        raise InvalidTransition(_("Close or cancel the project before archiving it."), field="state")
    apply_update(
        obj=project,
        actor=actor,
        project=project,
        data={"archived_at": timezone.now(), "archived_by": actor},
        expected_version=None,
        action="archive",
        comment=reason,
        locked=current,
    )
    return project


@transaction.atomic
def unarchive_project(*, actor, project: Project, expected_version: int | None, reason: str = "") -> Project:
    """The PMO brings an archived project back to the everyday lists (its state stays closed or cancelled)."""
    current = lock(project)
    if not permissions.can_archive_project(actor):
        raise NotAllowed(_("Only the PMO can archive a project."))
    check_version(current, expected_version)
    if current.archived_at is None:
        raise InvalidTransition(_("This project is not archived."))
    apply_update(
        obj=project,
        actor=actor,
        project=project,
        data={"archived_at": None, "archived_by": None},
        expected_version=None,
        action="unarchive",
        comment=reason,
        locked=current,
    )
    return project
