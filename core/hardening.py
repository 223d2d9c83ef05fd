"""Request hardening every page and endpoint gets: refuse NUL characters, never let a proxy keep a private answer.

* ``RejectNulMiddleware``: a NUL character (``\\x00``, ``%00``) in the path, the query string, a header (the
  ``Authorization`` header included), a cookie or a form field is refused with 400 and a translated message before
  any view, form, filter or authentication runs: PostgreSQL rejects NUL in text, so such input would otherwise end
  as a 500 wherever it reaches a query. JSON bodies are checked by ``core.parsers.SafeJSONParser``.
* ``NoStoreMiddleware``: ``Cache-Control: no-store, private`` (and ``Expires`` in the past) on every answer the
  portal computes for a signed-in user, and on anonymous answers that set no caching of their own (the login page
  carries a CSRF token). Static files are answered by WhiteNoise before this middleware and keep their caching.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path or NUL in request.path_info:
        return True
    query = request.META.get("QUERY_STRING", "")
    if NUL in query or "%00" in query:
        return True
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key in {"CONTENT_TYPE", "CONTENT_LENGTH"}) and NUL in str(value):
            return True
    if any(NUL in k or NUL in v for k, v in request.COOKIES.items()):
        return True
    # URL-encoded form fields of pages. Not the API (JSON only: its parser checks, and reading its body here would
    # consume it) nor multipart bodies (a view may still read the raw body; Django's form fields refuse NUL anyway).
    content_type = request.META.get("CONTENT_TYPE", "")
    is_form = content_type.startswith("application/x-www-form-urlencoded")
    if request.method == "POST" and is_form and not request.path.startswith("/api/"):
        for key, values in request.POST.lists():
            if NUL in key or any(NUL in value for value in values):
                return True
    return False


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 in the caller's format: JSON ``{"detail": …}`` for the API, the portal's 400 page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            # Answered before the language middleware runs: speak the language the request asks for.
            with translation.override(translation.get_language_from_request(request)):
                return bad_request(request, _("The request contains a NUL character (\\0), which is not allowed."))
        return self.get_response(request)


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or not response.has_header("Cache-Control"):
            if signed_in and response.has_header("Cache-Control"):
                del response["Cache-Control"]
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        return response
