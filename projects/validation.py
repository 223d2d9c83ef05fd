"""Pure checks of weekly-report input, used by ``projects.services.status`` (which raises them at the field):
the ISO week format and the "an overridden suggestion needs a comment" rule. No database access."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects import weeks

#: The RAG dimensions for which the numbers suggest a value (scope has no suggestion).
SUGGESTED_RAG_DIMENSIONS = ("overall", "schedule", "cost", "quality")

RAG_OVERRIDE_MESSAGE = _("You chose a RAG different from the suggested one (%(dimensions)s): say why in the comment.")
DIMENSION_LABELS = {
    "overall": _("overall"),
    "schedule": _("schedule"),
    "cost": _("cost"),
    "quality": _("quality"),
}


def validate_iso_week(value: str) -> str:
    """``value`` as an ISO week (``2026-W47``); ValidationError if malformed or out of range (``2026-W54``)."""
    text = (value or "").strip().upper()
    try:
        weeks.parse_week(text)
    except ValueError:
        raise ValidationError(
            _("Enter an ISO week such as 2026-W47."), code="invalid_week", params={"value": value}
        ) from None
    return text


def overridden_rag_dimensions(*, chosen: Mapping[str, Any], suggested: Mapping[str, str]) -> list[str]:
    """Dimensions whose chosen RAG (``<dim>_rag`` in ``chosen``) differs from a non-empty suggestion.

    ``suggested`` is keyed by dimension (``overall``, ``schedule``, …) as ``projects.evaluation.evaluate`` returns it.
    """
    out = []
    for dim in SUGGESTED_RAG_DIMENSIONS:
        proposal = suggested.get(dim) or ""
        choice = chosen.get(f"{dim}_rag") or ""
        if proposal and choice and choice != proposal:
            out.append(dim)
    return out


def rag_override_error(*, chosen: Mapping[str, Any], suggested: Mapping[str, str], rag_comment: str) -> str | None:
    """The message for ``rag_comment`` when a suggested RAG is overridden without a comment, else None."""
    dims = overridden_rag_dimensions(chosen=chosen, suggested=suggested)
    if not dims or (rag_comment or "").strip():
        return None
    return str(RAG_OVERRIDE_MESSAGE % {"dimensions": ", ".join(str(DIMENSION_LABELS[d]) for d in dims)})
