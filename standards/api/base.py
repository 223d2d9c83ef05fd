"""What the standards viewsets share: role access, list and detail, the PMO check and parsing a request body."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from projects.api.permissions import HasPortalRole
from standards import permissions
from standards.services import common


class ReadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [HasPortalRole]
    filter_backends = [DjangoFilterBackend]

    def require_pmo(self) -> None:
        if not permissions.can_edit_standards(self.request.user):
            raise PermissionDenied(str(common.ONLY_PMO))

    def respond(self, obj, code=status.HTTP_200_OK):
        obj = self.get_queryset().filter(pk=obj.pk).first() or obj
        return Response(self.get_serializer(obj).data, status=code)


def _parse(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
