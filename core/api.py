"""API pieces every app shares: the exception handler (service errors → HTTP) and the token endpoint.

* ``RuleError`` (a broken business rule) → 400 with per-field errors: ``{"field": ["message"]}``, the object as a
  whole under ``non_field_errors``: the same field and words a page shows;
* ``NotAllowed`` (the actor may not do this, decided by ``permissions.py``) → 403;
* ``StaleEdit`` → 409 naming who changed the object;
* a Django ``ValidationError`` → 400 per field; an ``IntegrityError`` or ``ProtectedError`` → 400, never a 500.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import NotAllowed, RuleError, StaleEdit

CONFLICT_RESPONSE = OpenApiResponse(
    description=str(gettext_lazy("Stale version: someone else saved the object first."))
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("Someone else changed this object after you read it.")
    default_code = "stale"


def rule_error_body(exc: RuleError) -> dict[str, list[str]]:
    """The 400 body of a RuleError: messages per field, the whole object's under ``non_field_errors``."""
    return {(key or api_settings.NON_FIELD_ERRORS_KEY): list(messages) for key, messages in exc.errors.items()}


def exception_handler(exc, context):
    if isinstance(exc, NotAllowed):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, RuleError):
        return Response(rule_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, StaleEdit):
        return Response(
            {"detail": exc.message, "changed_by": exc.changed_by, "version": [exc.message]},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(rule_error_body(RuleError.from_validation_error(exc)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ProtectedError):
        return Response(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("This is still in use and cannot be deleted.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, IntegrityError):
        return Response(
            {api_settings.NON_FIELD_ERRORS_KEY: [_("The change conflicts with existing data.")]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return drf_exception_handler(exc, context)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("Username"), max_length=150)
    password = serializers.CharField(label=gettext_lazy("Password"), style={"input_type": "password"}, max_length=4096)


class ObtainTokenView(APIView):
    """POST username and password, get the user's API token.

    The credentials go through ``django.contrib.auth.authenticate`` with the request, so login throttling
    (``core.lockout``) counts failures here as on the login page: a locked-out client gets 429 ``{"detail": …}``.
    """

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", fields={"token": serializers.CharField()}),
            400: OpenApiResponse(description=str(gettext_lazy("Wrong username or password, or a malformed body."))),
            429: OpenApiResponse(description=str(gettext_lazy("Too many failed attempts: wait and try again."))),
        },
    )
    def post(self, request):
        from django.contrib.auth import authenticate

        from core import tokens
        from core.lockout import LOCKED_OUT_STATUS, lockout_message

        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(django_request, **serializer.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            return Response({"detail": lockout_message(django_request)}, status=LOCKED_OUT_STATUS)
        if user is None or not user.is_active:
            raise exceptions.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("Unable to log in with provided credentials.")]}
            )
        token = tokens.issue_token(user=user)
        return Response({"token": token.key})


class RevokeTokenView(APIView):
    """POST: end the caller's API token (the one in the ``Authorization`` header, or the signed-in user's)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        from core import tokens

        tokens.revoke_tokens(user=request.user, reason="revoked through the API")
        return Response(status=status.HTTP_204_NO_CONTENT)
