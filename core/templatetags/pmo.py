"""Display helpers shared by every app's templates."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


#: ``PMO_MONEY_UNIT`` → (divisor, decimal places, format): how ``amount`` shows a sum of whole yen.
_MONEY_UNITS = {
    "yen": (1, 0, gettext_lazy("%(amount)s yen")),
    "thousand": (1000, 0, gettext_lazy("%(amount)s thousand yen")),
    "million": (1_000_000, 1, gettext_lazy("%(amount)s million yen")),
}


@register.filter
def amount(value):
    """A sum of money with separators and its unit (円, 千円 or 百万円 by ``PMO_MONEY_UNIT``), or a dash."""
    if value is None or value == "":
        return "—"
    divisor, places, text = _MONEY_UNITS.get(getattr(settings, "PMO_MONEY_UNIT", "yen"), _MONEY_UNITS["yen"])
    number = (Decimal(value) / divisor).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return text % {"amount": f"{number:,.{places}f}"}


@register.filter
def person(user):
    """A person's name as the portal shows it (Japanese names family name first)."""
    return display_name(user)


@register.filter
def markdown(text):
    """Markdown rendered to sanitised HTML (``core.markdown``): ``{{ body|markdown }}``."""
    from core.markdown import render_markdown

    return render_markdown(text or "")


#: The resource, warning, survey and KPI pages: their own "Resources" menu in the main navigation.
RESOURCE_VIEWS = frozenset(
    {
        "projects:people",
        "projects:person_detail",
        "projects:heatmap",
        "projects:demand",
        "projects:warnings",
        "projects:surveys",
        "reporting:kpis",
    }
)


@register.filter
def resource_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and match.view_name in RESOURCE_VIEWS)


@register.filter
def sees_everything(user) -> bool:
    """PMO and executives (the PMO KPI page, the survey results)."""
    from core import roles

    return roles.sees_everything(user)
