"""The errors every service raises: one type for a broken rule, one for a stale edit.

A service never returns a half-done result: it raises ``RuleError`` carrying the field the problem belongs to (or
``None`` for the object as a whole) and a translated message. Pages put it on the form's field
(``core.forms.add_rule_error``); the API's exception handler (``core.api.exception_handler``) answers 400 with the
same field and words. ``StaleEdit`` is the optimistic-locking refusal (409 in the API).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _


class RuleError(Exception):
    """One or more broken rules, each a (field, message) pair; ``field`` ``None`` means the whole object."""

    def __init__(self, message: str | None = None, *, field: str | None = None, code: str = "invalid", errors=None):
        self.errors: dict[str | None, list[str]] = {}
        self.code = code
        if errors:
            for key, messages in errors.items():
                for text in [messages] if isinstance(messages, str) else messages:
                    self.errors.setdefault(key, []).append(str(text))
        if message is not None:
            self.errors.setdefault(field, []).append(str(message))
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """All messages in one line (for a flash message or a log)."""
        return " ".join(text for texts in self.errors.values() for text in texts)

    @property
    def fields(self) -> list[str | None]:
        return list(self.errors)

    def __str__(self) -> str:
        return self.message

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> RuleError:
        """A Django ``ValidationError`` (from ``Model.full_clean`` or a validator) as a RuleError."""
        if hasattr(exc, "error_dict"):
            errors = {None if key == NON_FIELD_ERRORS else key: msgs for key, msgs in exc.message_dict.items()}
            return cls(errors=errors, code="invalid")
        return cls(errors={None: exc.messages}, code="invalid")


class Rules:
    """Collects broken rules so that a service reports every one of them at once, then raises.

    >>> rules = Rules()
    >>> rules.check(start <= end, "planned_end", _("The end date cannot be before the start date."))
    >>> rules.raise_if_any()
    """

    def __init__(self) -> None:
        self.errors: dict[str | None, list[str]] = {}

    def add(self, field: str | None, message) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def check(self, condition: bool, field: str | None, message) -> None:
        if not condition:
            self.add(field, message)

    def extend(self, exc: RuleError | ValidationError) -> None:
        if isinstance(exc, ValidationError):
            exc = RuleError.from_validation_error(exc)
        for key, messages in exc.errors.items():
            for text in messages:
                if text not in self.errors.get(key, []):
                    self.add(key, text)

    def has(self, field: str | None) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise RuleError(errors=self.errors)


class InvalidTransition(RuleError):
    """A state change that the object's current state (read on the locked row) does not allow."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field, code="transition")


class NotAllowed(RuleError):
    """The actor may not do this to this object (decided by an app's ``permissions.py``)."""

    def __init__(self, message: str | None = None, *, field: str | None = None):
        super().__init__(message or _("You are not allowed to do this."), field=field, code="permission")


class StaleEdit(Exception):
    """Raised by a service when the object changed since the editor loaded it (optimistic locking)."""

    def __init__(self, *, changed_by: str | None, changed_at: dt.datetime | None):
        self.changed_by = changed_by or "?"
        self.changed_at = changed_at
        super().__init__(self.message)

    @property
    def message(self) -> str:
        from django.utils import formats, timezone

        when = formats.date_format(timezone.localtime(self.changed_at), "DATETIME_FORMAT") if self.changed_at else ""
        return _(
            "%(user)s changed this at %(when)s after you opened it. Your changes were not saved: "
            "check their version, then save again."
        ) % {"user": self.changed_by, "when": when}


def first_messages(errors: dict[str | None, list[str]], fields: Iterable[str | None]) -> list[str]:
    return [text for key in fields for text in errors.get(key, [])]
