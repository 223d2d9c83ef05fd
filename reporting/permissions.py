"""Who may do what with reports and schedules: decided here and nowhere else.

* Report runs. Executives and the PMO see every run. Anyone else sees the weekly status runs of the projects they
  run or belong to (PM, deputy PM, member) and the runs of schedules they receive (a stakeholder sees what is sent
  to them); a QCD run, which spans projects, only its requester besides. Visibility of a run also requires that
  the user may still see its project (a confidential project stays hidden).
* Requesting a run: a weekly status for a project the user is PM or deputy PM of, or any visible one for the
  PMO and executives; a QCD report (portfolio or org unit) for the PMO and executives.
* Schedules: the PMO edits them; executives read them.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core import roles
from projects import permissions as project_permissions

VIEW = "view"
CHANGE = "change"


def _none() -> Q:
    return Q(pk__in=[])


def run_q(user, action: str = VIEW) -> Q:
    from projects.models import ProjectMembership
    from reporting.models import ReportKind, ScheduleRecipient

    if action not in (VIEW, CHANGE):
        raise ValueError(f"unknown action {action!r}")
    if not roles.has_any_role(user):
        return _none()
    if roles.sees_everything(user):
        return Q()
    member = ProjectMembership.objects.filter(project=OuterRef("project"), user=user)
    receives = ScheduleRecipient.objects.filter(schedule=OuterRef("schedule"), user=user, active=True)
    own_project = Q(kind=ReportKind.WEEKLY_STATUS) & (
        Q(project__pm=user) | Q(project__deputy_pm=user) | Q(Exists(member))
    )
    visible_project = Q(project__isnull=True) | project_permissions.project_q(user, VIEW, prefix="project__")
    q = (own_project | Q(requested_by=user) | Q(Exists(receives))) & visible_project
    if action == CHANGE:  # retry a failed run: who asked for it, on a project they may still see
        q = Q(requested_by=user) & visible_project
    return q


def schedule_q(user, action: str = VIEW) -> Q:
    if roles.is_pmo(user):
        return Q()
    if action == VIEW and roles.is_executive(user):
        return Q()
    return _none()


def can_view_run(user, run) -> bool:
    from reporting.models import ReportRun

    return ReportRun.objects.filter(pk=run.pk).filter(run_q(user, VIEW)).exists()


def can_request_weekly(user, project) -> bool:
    if not project_permissions.can_view_project(user, project):
        return False
    if roles.sees_everything(user):
        return True
    return roles.is_pm(user) and user.pk in (project.pm_id, project.deputy_pm_id)


def can_request_qcd(user) -> bool:
    return roles.sees_everything(user)


def can_request_any(user) -> bool:
    return roles.sees_everything(user) or roles.is_pm(user)


def can_retry_run(user, run) -> bool:
    return roles.is_pmo(user) or (run.requested_by_id == user.pk and can_view_run(user, run))


def can_manage_schedules(user) -> bool:
    return roles.is_pmo(user)


def can_view_schedules(user) -> bool:
    return roles.is_pmo(user) or roles.is_executive(user)


def can_export_portfolio(user) -> bool:
    return roles.has_any_role(user)
