"""DRF permission classes of the projects API. They decide nothing themselves: every answer comes from
``projects.permissions`` (the one place where the SPEC.md role table is decided). The services ask the same
questions again before they write (``NotAllowed`` → 403), so no path can skip them.

Reading is filtered by the viewsets' querysets (``permissions.visible_projects``), so an object the user may not
see is a 404, never a 403: confidential projects do not leak their existence.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core import roles
from projects import permissions


class HasPortalRole(BasePermission):
    """A signed-in user with a portal role; a user without a role gets 403 on every endpoint."""

    message = _("Your account has no role in the portal yet: ask the PMO for access.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and roles.has_any_role(user))


class PMOWritesOnly(BasePermission):
    """Org units and programs: anyone with a role reads, only the PMO writes."""

    message = _("Only the PMO can change the organisation.")

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or permissions.can_manage_organisation(request.user)


class ProjectItemAccess(BasePermission):
    """Everything that belongs to a project (reports, milestones, issues, risks, changes, meetings, actions).

    * reading: anyone who can see the project (the queryset already says so);
    * updating issues and action items (views with ``assigned_edit = True``): ``permissions.can_edit_assigned``,
      so a member may update the items they own;
    * reviewing status reports: ``permissions.can_review_status`` (PMO);
    * everything else: ``permissions.can_manage_project`` on the item's project.

    Creating is checked by the view once it knows the project (``ProjectItemViewSet.check_project_permission``).
    """

    message = _("You may not change this project's items.")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        action = getattr(view, "action", None)
        if action == "review":
            return permissions.can_review_status(user, obj.project)
        if action in ("update", "partial_update") and getattr(view, "assigned_edit", False):
            return permissions.can_edit_assigned(user, obj)
        return permissions.can_manage_project(user, obj.project)
