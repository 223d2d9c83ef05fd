"""Project memberships: who works on a project, with their project role. Every change is audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import audit, roles
from core.exceptions import NotAllowed, RuleError
from core.locking import lock
from projects import permissions
from projects.models import Project, ProjectMembership

User = get_user_model()


def member_candidates():
    """Active users holding a login role (a member without a role could not open the project anyway)."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=roles.LOGIN_ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def set_membership(*, actor, project: Project, user, project_role: str = "") -> ProjectMembership:
    """Add ``user`` to the project (or change their project role)."""
    current = lock(project)
    if not permissions.can_manage_project(actor, current):
        raise NotAllowed(_("You may not change this project."))
    if user is None or not member_candidates().filter(pk=user.pk).exists():
        raise RuleError(_("Choose an active user with a role in the portal."), field="user")
    project_role = (project_role or "").strip()
    if len(project_role) > 100:
        raise RuleError(_("Use at most 100 characters."), field="project_role")
    membership = ProjectMembership.objects.filter(project=current, user=user).first()
    created = membership is None
    old_role = None if created else membership.project_role
    if created:
        membership = ProjectMembership.objects.create(project=current, user=user, project_role=project_role)
    elif old_role != project_role:
        membership.project_role = project_role
        membership.save(update_fields=["project_role"])
    if created or old_role != project_role:
        audit.record(
            project=current,
            actor=actor,
            action="add member" if created else "update member",
            obj=membership,
            changes={"project_role": [old_role, project_role]},
        )
    return membership


@transaction.atomic
def remove_membership(*, actor, membership: ProjectMembership) -> None:
    """Take a member off the project; the audit entry says who and when."""
    current = lock(membership.project)
    if not permissions.can_manage_project(actor, current):
        raise NotAllowed(_("You may not change this project."))
    audit.record(project=current, actor=actor, action="remove member", obj=membership)
    membership.delete()
