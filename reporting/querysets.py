"""``restrict(user, action)`` for the reporting models; what the filters are is decided by
``reporting.permissions`` alone."""

from __future__ import annotations

from django.db import models


class ReportRunQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> ReportRunQuerySet:
        from reporting import permissions

        return self.filter(permissions.run_q(user, action))


class ReportScheduleQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> ReportScheduleQuerySet:
        from reporting import permissions

        return self.filter(permissions.schedule_q(user, action))
