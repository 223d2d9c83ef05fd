"""What every standards page shares: role access, loading an object the user may see (404 otherwise), turning a
service's refusal into a form error or a flash message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from core.exceptions import NotAllowed, RuleError, StaleEdit
from core.forms import add_rule_error
from core.hardening import bad_request
from core.mixins import RoleRequiredMixin
from standards import permissions
from standards.services.files import upload_scope


class StandardsMixin(RoleRequiredMixin):
    """Role required; ``nav_section`` for the header; ``can_edit`` for the templates."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = permissions.can_edit_standards(self.request.user)
        return ctx


class PmoRequiredMixin(StandardsMixin):
    """PMO pages (creating and editing standards): 403 for other roles."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_edit_standards(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def get_or_404(queryset, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def invalid_button(request) -> HttpResponse:
    """A button whose hidden fields do not parse (an unknown action, a missing version): 400, nothing changed."""
    return bad_request(request, _("This action could not be read. Reload the page and try again."))


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def call_with_form(form, call: Callable[[], Any], *, field_map: dict | None = None) -> tuple[bool, Any]:
    """Run a service; a refusal lands on ``form`` (at its field). ``NotAllowed`` becomes 403."""
    try:
        # Several service calls of one form: all or nothing, files stored on the way included (upload_scope).
        with upload_scope(), transaction.atomic():
            return True, call()
    except NotAllowed:
        raise PermissionDenied from None
    except RuleError as exc:
        add_rule_error(form, exc, field_map=field_map)
    except StaleEdit as exc:
        form.add_error(None, exc.message)
    return False, None


def call_with_message(request, call: Callable[[], Any], *, success: str, redirect_to: str) -> HttpResponseRedirect:
    """Run a service for a button (no form): the outcome is a flash message, then back to ``redirect_to``."""
    try:
        call()
        messages.success(request, success)
    except NotAllowed:
        raise PermissionDenied from None
    except RuleError as exc:
        messages.error(request, exc.message)
    except StaleEdit as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(redirect_to)
