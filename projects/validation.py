"""Input rules shared by the pages' forms and the API's serializers (one definition each).

Every check raises ``django.core.exceptions.ValidationError`` keyed by the field the message belongs to, so a
Django form (``Form.clean`` → ``add_error``) and a DRF serializer (``validate`` converts Django errors) both show it
at that field. Messages are translatable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects import weeks
from projects.models import Project, StatusReport

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


def check_date_order(start: dt.date | None, end: dt.date | None, *, end_field: str = "planned_end") -> None:
    """The end may not come before the start (either may be missing)."""
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date cannot be before the start date.")}, code="date_order")


def check_unique_week(*, project: Project, week: str, exclude_pk: int | None = None) -> None:
    """One status report per project and week: the error belongs to ``week``."""
    qs = StatusReport.objects.filter(project=project, week=week)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError(
            {"week": _("This project already has a status report for %(week)s.") % {"week": week}},
            code="duplicate_week",
        )


def overridden_rag_dimensions(*, chosen: Mapping[str, Any], suggested: Mapping[str, str]) -> list[str]:
    """Dimensions whose chosen RAG (``<dim>_rag`` in ``chosen``) differs from a non-empty suggestion.

    ``suggested`` is keyed by dimension (``overall``, ``schedule``, …) as ``services.metrics.evaluate`` returns it.
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


def check_rag_override(*, project: Project, week: str, data: Mapping[str, Any]) -> None:
    """Raise ValidationError at ``rag_comment`` if ``data`` overrides a suggested RAG without a comment.

    ``data`` is the report's full content as it would be saved (for an edit: the stored values updated with the
    submitted ones): ``overall_rag``, ``schedule_rag``, ``cost_rag``, ``quality_rag``, ``rag_comment``,
    ``percent_complete`` and ``actual_cost_to_date``. The suggestion is computed exactly as the service will
    compute it when saving (``services.metrics.evaluate``).
    """
    from projects.services.metrics import evaluate

    _result, suggested = evaluate(
        project,
        week=week,
        percent_complete=data.get("percent_complete"),
        actual_cost_to_date=data.get("actual_cost_to_date"),
    )
    message = rag_override_error(chosen=data, suggested=suggested, rag_comment=data.get("rag_comment") or "")
    if message:
        raise ValidationError({"rag_comment": message}, code="rag_override")
