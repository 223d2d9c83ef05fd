"""Display helpers shared by every app's templates."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.people import display_name

register = template.Library()

_RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red"}


@register.simple_tag
def rag(value, label=None):
    """A RAG badge with its text (never colour alone)."""
    if value not in _RAG_LABELS:
        return format_html('<span class="rag rag-none">{}</span>', _("n/a"))
    return format_html('<span class="rag rag-{}">{}</span>', value, label or _(_RAG_LABELS[value]))


@register.filter
def ratio(value):
    """An index such as SPI or CPI with two decimals, or a dash when not defined."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):.2f}"


@register.filter
def money(value):
    """Whole yen with thousands separators, or a dash."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.0f}"


@register.filter
def person(user):
    """A person's name as the portal shows it (Japanese names family name first)."""
    return display_name(user)
