"""Page access shared by every app: a login with a role is needed for anything but the profile."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from core import roles


class RoleRequiredMixin(LoginRequiredMixin):
    """Logged in and holding at least one portal role."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not roles.has_any_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
