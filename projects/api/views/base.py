"""What every viewset of the projects API shares.

Reads start from ``Model.objects.restrict(user, "view")`` (an invisible object is a 404, like a missing one); every
write goes through ``projects.services``, whose ``RuleError`` / ``StaleEdit`` the project-wide exception handler
(``core.api.exception_handler``) turns into a 400 with per-field errors / a 409.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter, SearchFilter

from core.api import CONFLICT_RESPONSE

__all__ = ["CONFLICT_RESPONSE", "PortalViewSetMixin"]


class PortalViewSetMixin:
    """Filtering and the re-read after a write shared by every viewset."""

    filter_backends = [DjangoFilterBackend, OrderingFilter, SearchFilter]

    def fresh(self, obj):
        """The object re-read with the list's joins, for the response after a write (not filtered on visibility:
        the PMO may have just handed the project over)."""
        return self.base_queryset().get(pk=obj.pk)

    def base_queryset(self) -> QuerySet:
        return self.queryset.all()
