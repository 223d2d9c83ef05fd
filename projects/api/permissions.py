"""DRF permission classes of the projects API. They decide nothing themselves: every answer comes from
``projects.permissions`` (the one place where the SPEC.md role table is decided). The services ask the same
questions again before they write (``NotAllowed`` → 403), so no path can skip them.

Reading is filtered by the viewsets' querysets (``restrict(user, "view")``), so an object the user may not
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

    A thin, early delegation to ``projects.permissions`` so that a refused user gets 403 before their input is
    parsed; the services ask the same questions again on the locked row and decide (``NotAllowed`` → 403).

    * reading: anyone who can see the project (the restricted queryset already says so);
    * updating issues and action items (views with ``assigned_edit = True``): ``permissions.can_edit_assigned``,
      so a member may update the items they own (changing the owner is the service's ``can_reassign`` question);
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


class ProjectWriteAccess(BasePermission):
    """Projects: changing one (edit, re-baseline) needs ``can_manage_project``; archiving needs the PMO.

    Asked before the body is parsed, so that a user who may not write gets 403 rather than a 400 about their
    input; the services ask the same functions again before they write."""

    message = _("You may not change this project.")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if getattr(view, "action", None) in ("archive", "unarchive"):
            return permissions.can_archive_project(request.user)
        return permissions.can_manage_project(request.user, obj)


class StatusReportAccess(BasePermission):
    """Status reports: the workflow action's "who" (``services.status.TRANSITIONS``), asked before parsing."""

    message = _("You may not do this with this report.")

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        from projects.services.status import may_perform

        action = {"update": "edit", "partial_update": "edit", "review": "accept"}.get(view.action, view.action)
        return may_perform(request.user, obj, action)
