"""Who may do what: the SPEC.md role table, decided here for pages and the API alike.

Every check takes the user and the object; list views use ``selectors`` whose querysets already apply
``visible_projects``. Nothing else in the code base decides permissions.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from projects import roles
from projects.models import Project


def project_visibility_q(user) -> Q:
    """The filter on Project for what ``user`` may read. Empty for a user without a role."""
    if not roles.has_any_role(user):
        return Q(pk__in=[])
    if roles.sees_everything(user):
        return Q()
    mine = Q(pm=user) | Q(deputy_pm=user) | Q(memberships__user=user)
    return Q(confidential=False) | mine


def visible_projects(user) -> QuerySet[Project]:
    q = project_visibility_q(user)
    qs = Project.objects.all()
    if q:
        # memberships__user may join several rows: filter on ids to keep one row per project.
        qs = qs.filter(pk__in=Project.objects.filter(q).values("pk"))
    return qs


def editable_projects(user) -> QuerySet[Project]:
    if roles.is_pmo(user):
        return Project.objects.all()
    if roles.is_pm(user):
        return Project.objects.filter(Q(pm=user) | Q(deputy_pm=user))
    return Project.objects.none()


def can_view_project(user, project: Project) -> bool:
    if not roles.has_any_role(user):
        return False
    if roles.sees_everything(user) or not project.confidential:
        return True
    return is_project_insider(user, project)


def is_project_insider(user, project: Project) -> bool:
    if user.pk in (project.pm_id, project.deputy_pm_id):
        return True
    return project.memberships.filter(user=user).exists()


def can_manage_project(user, project: Project) -> bool:
    """Edit the project and everything in it: PMO, or its PM / deputy PM (who must hold the PM role)."""
    if roles.is_pmo(user):
        return True
    return roles.is_pm(user) and user.pk in (project.pm_id, project.deputy_pm_id)


def can_create_project(user) -> bool:
    return roles.is_pmo(user) or roles.is_pm(user)


def can_edit_assigned(user, item) -> bool:
    """Issues and action items: the project's managers, or a member who owns the item."""
    project = item.project
    if can_manage_project(user, project):
        return True
    return (
        getattr(item, "owner_id", None) == user.pk
        and can_view_project(user, project)
        and (roles.is_member(user) or roles.is_pm(user))
    )


def can_review_status(user, project: Project | None = None) -> bool:
    return roles.is_pmo(user)


def can_import(user) -> bool:
    return roles.is_pmo(user) or roles.is_pm(user)
