"""Login throttling (django-axes): the backend every login path goes through, and the lockout answer.

Failed logins are counted per username *and* client address together (``AXES_LOCKOUT_PARAMETERS``), so one attacker
cannot lock everybody out: after ``AXES_FAILURE_LIMIT`` failures that pair is refused, even with the right password,
until ``AXES_COOLOFF_TIME`` has passed (``LOGIN_FAILURE_LIMIT`` and ``LOGIN_COOLOFF_MINUTES`` in the environment).

The three login paths are the login page (``LoginView``), the admin login and the API token endpoint
(``core.api.ObtainTokenView``); each calls ``django.contrib.auth.authenticate`` with the request, so all three count
and all three refuse. A locked-out request answers 429: the API with JSON ``{"detail": …}``, pages with
``registration/locked_out.html`` in the portal's layout.
"""

from __future__ import annotations

import math

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: The status of a locked-out request: "too many requests".
LOCKED_OUT_STATUS = 429


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes's lockout check, for the authentications that come with an HTTP request.

    ``authenticate()`` without a request is code, not a visitor (``manage.py`` commands, the test client's
    ``login()``): there is no address to count, so this backend stands aside and the next backend decides.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message(request) -> str:
    """The translated explanation, naming the wait in minutes."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return _("Too many failed login attempts. Ask the PMO or an administrator to unlock the account.")
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60))
    return ngettext(
        "Too many failed login attempts. Try again in %(minutes)d minute.",
        "Too many failed login attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """Axes's ``AXES_LOCKOUT_CALLABLE``: JSON for the API, the portal's lockout page otherwise."""
    message = lockout_message(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=LOCKED_OUT_STATUS)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=LOCKED_OUT_STATUS)
    cool_off = get_cool_off(request)
    if cool_off:
        response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
