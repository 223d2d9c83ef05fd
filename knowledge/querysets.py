"""``restrict(user, action)`` for every model of the knowledge app. The filters come from ``knowledge.permissions``."""

from __future__ import annotations

from django.db import models


class LessonQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> LessonQuerySet:
        from knowledge import permissions

        return self.filter(permissions.lesson_q(user, action))


class LessonChildQuerySet(models.QuerySet):
    """Votes and attachments: restricted through their lesson."""

    def restrict(self, user, action: str = "view") -> LessonChildQuerySet:
        from knowledge import permissions

        return self.filter(permissions.lesson_q(user, action, prefix="lesson__"))


class TagQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> TagQuerySet:
        from knowledge import permissions

        return self.filter(permissions.tag_q(user, action))


class ClosureSkipQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> ClosureSkipQuerySet:
        from projects import permissions

        return self.filter(permissions.project_q(user, action, prefix="project__"))
