from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _


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


class InvalidTransition(Exception):
    """A state change that the object's current state does not allow."""
