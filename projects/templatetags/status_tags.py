"""Tags of the weekly status pages, written in Python because the status history repeats them in every row."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.templatetags.pmo import rag

register = template.Library()

_STATE_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-primary",
    "returned": "text-bg-danger",
    "reviewed": "text-bg-success",
}


@register.simple_tag
def state_badge(report):
    """A report's state as a badge with its text."""
    state = report.state
    return format_html('<span class="badge {}" data-state="{}">{}</span>', _STATE_CLASSES.get(state, "text-bg-light"),
                       state, report.get_state_display())  # fmt: skip


@register.simple_tag
def override_hint(report, field: str):
    """Under a RAG badge of the status history: the suggestion the PM overrode in ``field`` ("" when none).
    ``report.overrides`` is set by the view (``rag_rows`` of the report, overridden ones only)."""
    for row in getattr(report, "overrides", ()):
        if row["field"] == field:
            return format_html(
                '<div class="small text-body-secondary" data-testid="override-hint" data-field="{}">'
                '<i class="bi bi-pencil" aria-hidden="true"></i> {} {}</div>',
                field,
                _("suggested"),
                rag(row["suggested"]),
            )
    return ""
