"""``restrict(user, action)`` for every model of the projects app (NetBox's RestrictedQuerySet).

Every read starts here: ``Model.objects.restrict(user, "view")`` or ``"change"``. What the filters are is decided
by ``projects.permissions`` alone; these classes only apply them.
"""

from __future__ import annotations

from django.db import models


class ProjectQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> ProjectQuerySet:
        from projects import permissions

        return self.filter(permissions.project_q(user, action))

    def active(self) -> ProjectQuerySet:
        """Not archived (what everyday lists show)."""
        return self.filter(archived_at__isnull=True)


class ProjectItemQuerySet(models.QuerySet):
    """Models with a ``project`` foreign key: restricted through the project's rules."""

    def restrict(self, user, action: str = "view") -> ProjectItemQuerySet:
        from projects import permissions

        return self.filter(permissions.item_q(user, action, self.model._meta.model_name))


class OrganisationQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> OrganisationQuerySet:
        from projects import permissions

        return self.filter(permissions.organisation_q(user, action))
