"""Who may do what with the standards app's objects: decided here and nowhere else.

* Standards (documents, checklists, blueprints, categories): only the PMO edits them and sees drafts and retired
  ones; PMs, members and executives read the published ones (and the earlier published versions of those).
* A project's checklist runs and gate reviews: readable by whoever sees the project (``projects.permissions``);
  runs are answered by the project's managers (its PM / deputy PM, and the PMO).
* Gate decisions: executives, and the PMO too when ``settings.PMO_GATE_APPROVERS`` includes ``"pmo"``.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q

from core import roles
from projects import permissions as project_permissions

VIEW = "view"
CHANGE = "change"
_VERSION_PARENT = {"documentversion": "document", "checklistversion": "checklist"}


def _no_rows() -> Q:
    return Q(pk__in=[])


def standard_q(user, action: str, model_name: str) -> Q:
    if action not in (VIEW, CHANGE):
        raise ValueError(f"unknown action {action!r}")
    if not roles.has_any_role(user):
        return _no_rows()
    if roles.is_pmo(user):
        return Q()
    if action == CHANGE:
        return _no_rows()
    if model_name == "category":
        return Q()
    return Q(status="published")


def version_q(user, action: str, model_name: str) -> Q:
    parent = _VERSION_PARENT[model_name]
    if not roles.has_any_role(user):
        return _no_rows()
    if roles.is_pmo(user):
        return Q()
    if action == CHANGE:
        return _no_rows()
    return Q(**{f"{parent}__status": "published", "state__in": ["published", "superseded"]})


def project_record_q(user, action: str) -> Q:
    return project_permissions.project_q(user, action, prefix="project__")


# --- Object-level questions ---------------------------------------------------------------------------------------


def can_edit_standards(user) -> bool:
    return roles.is_pmo(user)


def can_view_standard(user, obj) -> bool:
    if not roles.has_any_role(user):
        return False
    return roles.is_pmo(user) or obj.status == "published"


def can_view_version(user, version) -> bool:
    parent = getattr(version, "document", None) or version.checklist
    if not can_view_standard(user, parent):
        return False
    return roles.is_pmo(user) or version.state in ("published", "superseded")


def can_instantiate(user, blueprint) -> bool:
    """Create a project from a published blueprint: whoever may create projects (the PMO, PMs for themselves)."""
    return blueprint.status == "published" and project_permissions.can_create_project(user)


def can_view_project_records(user, project) -> bool:
    return project_permissions.can_view_project(user, project)


def can_answer_run(user, run) -> bool:
    """Start, answer and complete a run: the project's PM / deputy PM, or the PMO."""
    return project_permissions.can_manage_project(user, run.project)


def can_schedule_runs(user, project) -> bool:
    return project_permissions.can_manage_project(user, project)


def gate_approver_roles() -> list[str]:
    return list(getattr(settings, "PMO_GATE_APPROVERS", ["executive"]))


def can_decide_gate(user, review=None) -> bool:
    """Approve, approve with conditions or reject a gate: executives (and the PMO if the setting says so)."""
    project = getattr(review, "project", None)
    if project is not None and project.archived_at is not None:
        return False
    allowed = gate_approver_roles()
    return ("executive" in allowed and roles.is_executive(user)) or ("pmo" in allowed and roles.is_pmo(user))


def gate_decider_q(user) -> Q:
    """Gate reviews ``user`` may decide (the home panel lists these when pending)."""
    if not can_decide_gate(user):
        return _no_rows()
    return project_record_q(user, VIEW) & Q(project__archived_at__isnull=True)


def can_reopen_gate(user, review) -> bool:
    """Ask again after a rejection: the project's managers."""
    return project_permissions.can_manage_project(user, review.project)


def can_view_compliance(user) -> bool:
    """The compliance page: the PMO and executives (every project); PMs see their own rows."""
    return roles.has_any_role(user) and (roles.sees_everything(user) or roles.is_pm(user))
