"""``restrict(user, action)`` for every model of the standards app. What the filters are is decided by
``standards.permissions`` alone; these classes only apply them."""

from __future__ import annotations

from django.db import models


class StandardQuerySet(models.QuerySet):
    """Documents, checklists, blueprints and categories."""

    def restrict(self, user, action: str = "view") -> StandardQuerySet:
        from standards import permissions

        return self.filter(permissions.standard_q(user, action, self.model._meta.model_name))


class VersionQuerySet(models.QuerySet):
    """Document and checklist versions: through their parent's rules, and non-PMO readers see no drafts."""

    def restrict(self, user, action: str = "view") -> VersionQuerySet:
        from standards import permissions

        return self.filter(permissions.version_q(user, action, self.model._meta.model_name))


class ProjectRecordQuerySet(models.QuerySet):
    """Checklist runs, gate reviews and a project's standard links: through the project's rules."""

    def restrict(self, user, action: str = "view") -> ProjectRecordQuerySet:
        from standards import permissions

        return self.filter(permissions.project_record_q(user, action))
