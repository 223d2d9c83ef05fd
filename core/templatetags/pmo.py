"""Display helpers shared by every app's templates."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.people import display_name

register = template.Library()

_RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red"}


#: Rendered RAG badges by (value, language): a list page shows hundreds of them (``rag`` below).
_RAG_BADGES: dict[tuple[str | None, str], SafeString] = {}


@register.simple_tag
def rag(value, label=None):
    """A RAG badge with its text (never colour alone)."""
    if label is not None:
        return format_html('<span class="rag rag-{}">{}</span>', value, label)
    key = (value if value in _RAG_LABELS else None, get_language() or "")
    badge = _RAG_BADGES.get(key)
    if badge is None:
        if key[0] is None:
            badge = format_html('<span class="rag rag-none">{}</span>', _("n/a"))
        else:
            badge = format_html('<span class="rag rag-{}">{}</span>', value, _(_RAG_LABELS[value]))
        _RAG_BADGES[key] = badge
    return badge


@register.filter
def ymd(value) -> str:
    """A date (or a datetime, in the portal's time zone) as 2026-12-02; "" for none. What ``date:"Y-m-d"`` shows,
    without its per-call formatter (list pages call it for every row)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@register.filter
def ymd_hm(value) -> str:
    """A datetime in the portal's time zone as 2026-12-02 18:05 (``date:"Y-m-d H:i"``); "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    return ymd(value)


def _choices(field) -> list[tuple[str, str]]:
    """(value, label) of a choice field. A model choice field's rows are read in one plain query: its own
    iterator opens a server-side cursor (three round trips per field on PostgreSQL)."""
    queryset = getattr(field, "queryset", None)
    if queryset is None:
        return [(str(key), label) for key, label in field.choices]
    out = [("", field.empty_label)] if field.empty_label is not None else []
    key = field.to_field_name or "pk"
    return out + [(str(getattr(obj, key)), field.label_from_instance(obj)) for obj in queryset]


@register.simple_tag
def select(bound_field, css: str = "form-select form-select-sm"):
    """A single-choice ``<select>`` written directly, without a widget template per option: the portfolio's
    filters list hundreds of org units, programs and people (``{{ field }}`` cost up to 60 ms there). The field's
    id, name, choices and widget attributes; an invalid field is marked and tied to its ``<id>_error`` message."""
    field, value = bound_field.field, bound_field.value()
    selected = "" if value is None else str(value)
    attrs = {"class": css, **field.widget.attrs, "name": bound_field.html_name, "id": bound_field.auto_id}
    if bound_field.errors:
        attrs["class"] = f"{attrs['class']} is-invalid"
        attrs.update({"aria-invalid": "true", "aria-describedby": f"{bound_field.auto_id}_error"})
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((key, SafeString(" selected") if key == selected else "", label) for key, label in _choices(field)),
    )
    attributes = format_html_join("", ' {}="{}"', ((k, v) for k, v in attrs.items() if v not in (None, False)))
    return format_html("<select{}>{}</select>", attributes, options)


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
