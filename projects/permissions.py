"""Who may do what with the projects app's objects: the SPEC.md role table, decided here and nowhere else.

Two kinds of answers, always consistent with each other:

* ``*_q(user, action)``: a filter for ``restrict(user, action)`` querysets (``projects.querysets``), used by every
  read (selectors, pages, API, importer, other apps). ``action`` is ``"view"`` or ``"change"``.
* ``can_*(user, obj)``: the object-level question, asked by services before they write and by pages to decide
  which buttons to show.

Archived projects stay readable with their history, but nobody changes them.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core import roles

VIEW = "view"
CHANGE = "change"

#: Models whose items a member may update when they own them (SPEC.md: "their own issues/action items").
ASSIGNED_MODELS = ("issue", "actionitem")


def _no_rows() -> Q:
    return Q(pk__in=[])


def project_q(user, action: str = VIEW, *, prefix: str = "") -> Q:
    """The filter on Project (or, with ``prefix="project__"``, on a model pointing at one) for ``user``."""
    from projects.models import ProjectMembership

    if action not in (VIEW, CHANGE):
        raise ValueError(f"unknown action {action!r}")
    if not roles.has_any_role(user):
        return _no_rows()
    if action == VIEW:
        if roles.sees_everything(user):
            return Q()
        # One Exists subquery, not a join: a join on memberships would repeat rows.
        outer = "project" if prefix else "pk"
        member = ProjectMembership.objects.filter(project=OuterRef(outer), user=user)
        return (
            Q(**{f"{prefix}confidential": False})
            | Q(**{f"{prefix}pm": user})
            | Q(**{f"{prefix}deputy_pm": user})
            | Q(Exists(member))
        )
    not_archived = Q(**{f"{prefix}archived_at__isnull": True})
    if roles.is_pmo(user):
        return not_archived
    if roles.is_pm(user):
        return not_archived & (Q(**{f"{prefix}pm": user}) | Q(**{f"{prefix}deputy_pm": user}))
    return _no_rows()


def item_q(user, action: str, model_name: str) -> Q:
    """The filter on a model that belongs to a project (``project`` foreign key)."""
    q = project_q(user, action, prefix="project__")
    if action == CHANGE and model_name in ASSIGNED_MODELS and (roles.is_member(user) or roles.is_pm(user)):
        q |= Q(owner=user, project__archived_at__isnull=True) & project_q(user, VIEW, prefix="project__")
    return q


def organisation_q(user, action: str = VIEW) -> Q:
    """Org units and programs: everyone with a role reads, the PMO changes."""
    if not roles.has_any_role(user):
        return _no_rows()
    if action == VIEW or roles.is_pmo(user):
        return Q()
    return _no_rows()


# --- Object-level questions ---------------------------------------------------------------------------------------


def can_view_project(user, project) -> bool:
    if not roles.has_any_role(user):
        return False
    if roles.sees_everything(user) or not project.confidential:
        return True
    return is_project_insider(user, project)


def is_project_insider(user, project) -> bool:
    if user.pk in (project.pm_id, project.deputy_pm_id):
        return True
    return project.memberships.filter(user=user).exists()


def can_manage_project(user, project) -> bool:
    """Edit the project and everything in it: PMO, or its PM / deputy PM (who must hold the PM role).

    Nobody edits an archived project."""
    if getattr(project, "archived_at", None) is not None:
        return False
    if roles.is_pmo(user):
        return True
    return roles.is_pm(user) and user.pk in (project.pm_id, project.deputy_pm_id)


def can_advance_phase(user, project) -> bool:
    """Move a project's phase on after an approved phase gate (and write the gate's condition action items): the
    PMO, or an executive (an approver of gates), only for a project they may see and that is not archived. Narrower
    than ``can_manage_project``: it allows nothing else on the project."""
    if getattr(project, "archived_at", None) is not None:
        return False
    if roles.is_pmo(user):
        return True
    return roles.is_executive(user) and can_view_project(user, project)


def can_create_project(user) -> bool:
    return roles.is_pmo(user) or roles.is_pm(user)


def can_create_project_for(user, *, pm, deputy_pm) -> bool:
    """A PM creates only projects they run (as PM or deputy); the PMO any."""
    if roles.is_pmo(user):
        return True
    return roles.is_pm(user) and user.pk in (getattr(pm, "pk", None), getattr(deputy_pm, "pk", None))


def can_change_pm(user) -> bool:
    """Handing a project to another PM (or changing its deputy) is the PMO's decision."""
    return roles.is_pmo(user)


def can_correct_lifecycle(user) -> bool:
    """The PMO may move a project outside the lifecycle (reopen a closed or cancelled project) to correct it."""
    return roles.is_pmo(user)


def can_archive_project(user) -> bool:
    return roles.is_pmo(user)


def can_manage_organisation(user) -> bool:
    return roles.is_pmo(user)


def can_edit_assigned(user, item) -> bool:
    """Issues and action items: the project's managers, or a member who owns the item."""
    project = item.project
    if can_manage_project(user, project):
        return True
    if getattr(project, "archived_at", None) is not None:
        return False
    return (
        getattr(item, "owner_id", None) == user.pk
        and can_view_project(user, project)
        and (roles.is_member(user) or roles.is_pm(user))
    )


def can_reassign(user, item) -> bool:
    """Handing an issue or action item to someone else: the project's managers only (not the member owning it)."""
    return can_manage_project(user, item.project)


def can_review_status(user, project=None) -> bool:
    if project is not None and getattr(project, "archived_at", None) is not None:
        return False
    return roles.is_pmo(user)


def can_import(user) -> bool:
    return roles.is_pmo(user) or roles.is_pm(user)


def can_view_history(user, project) -> bool:
    return can_view_project(user, project)


def can_propose_rebaseline(user, project) -> bool:
    """Propose a re-baseline: the project's PM or deputy PM (and the PMO)."""
    return can_manage_project(user, project)


def can_decide_rebaseline(user, project) -> bool:
    """Approve or reject a re-baseline (the only way a baseline changes): the PMO."""
    if getattr(project, "archived_at", None) is not None:
        return False
    return roles.is_pmo(user)


# --- Resources, the satisfaction survey, early warnings, KPIs ----------------------------------------------------


def person_q(user, action: str = VIEW) -> Q:
    """People and skills: everyone with a role reads (to plan who works where), the PMO changes."""
    return organisation_q(user, action)


def can_manage_people(user) -> bool:
    """Create and change people (and their capacity, skills, org unit): the PMO."""
    return roles.is_pmo(user)


def can_allocate(user, project) -> bool:
    """Book people on a project: its PM / deputy PM, or the PMO (whether the project still takes bookings, e.g.
    not closed, is the service's rule)."""
    return can_manage_project(user, project)


def can_run_surveys(user) -> bool:
    """Open and close rounds of the PM satisfaction survey: the PMO."""
    return roles.is_pmo(user)


def can_answer_surveys(user) -> bool:
    return roles.is_pm(user)


def can_view_survey_results(user) -> bool:
    """The aggregate results (never single answers): the PMO and the executives."""
    return roles.sees_everything(user)


def can_view_kpis(user) -> bool:
    """The PMO KPI page: the PMO and the executives."""
    return roles.sees_everything(user)
