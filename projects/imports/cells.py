"""Cell parsers: each turns one cell's text into a value or raises ``CellError`` with a translated message.

They decide types and formats only (a date, a yes/no, a whole amount, one of a set of choices, text that fits its
column). Whether a value is allowed for a project is the services' business, never decided here.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from projects.models.project import Baseline

_BAC_MAX_DIGITS = Baseline._meta.get_field("bac").max_digits
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:0{2}(?::0{2}(?:\.0+)?)?)?$"
)
_TRUE = {"true", "1", "yes", "y", "はい", "○", "〇", "有", "あり", "t"}
_FALSE = {"false", "0", "no", "n", "いいえ", "×", "無", "なし", "f", ""}


class CellError(Exception):
    """A cell that cannot be read as its column's type; the message is translated and names no row or column."""


def normalise(text: str) -> str:
    """A header or choice as compared: NFKC (full-width → half-width), case-folded, spaces and hyphens as ``_``."""
    text = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return re.sub(r"[\s\-]+", "_", text)


def parse_date(text: str) -> dt.date:
    match = _DATE_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        raise CellError(_("must be a date written YYYY-MM-DD or YYYY/MM/DD"))
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise CellError(_("is not a valid date")) from exc


def parse_bool(text: str) -> bool:
    value = normalise(text)
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(_("must be true or false (1/0, はい/いいえ)"))


def parse_whole_money(text: str) -> Decimal:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace("¥", "").replace("円", "").strip()
    if not re.fullmatch(r"\d+(?:\.0*)?", cleaned):
        raise CellError(_("must be a non-negative whole number"))
    value = Decimal(cleaned).to_integral_value()
    if len(str(value)) > _BAC_MAX_DIGITS:
        raise CellError(_("is too large (at most %(digits)s digits)") % {"digits": _BAC_MAX_DIGITS})
    return value


def parse_weight(text: str) -> Decimal:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise CellError(_("must be a non-negative number")) from exc
    if not value.is_finite() or value < 0:
        raise CellError(_("must be a non-negative number"))
    if value >= Decimal("10000"):
        raise CellError(_("must be less than 10000"))
    rounded = value.quantize(Decimal("0.01"))
    if rounded != value:
        raise CellError(_("may have at most 2 decimal places"))
    return rounded


def _choice_table(choices: type[models.TextChoices]) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, label in choices.choices:
        table[normalise(value)] = value
        for language in ("en", "ja"):
            with translation.override(language):
                table.setdefault(normalise(str(label)), value)
    return table


def parse_choice(text: str, choices: type[models.TextChoices]) -> str:
    """One of ``choices``, written as its value or its label in English or Japanese."""
    value = _choice_table(choices).get(normalise(text))
    if value is None:
        raise CellError(_("must be one of: %(choices)s") % {"choices": ", ".join(choices.values)})
    return value


def parse_text(text: str, max_length: int) -> str:
    if len(text) > max_length:
        raise CellError(_("is too long (at most %(max)s characters)") % {"max": max_length})
    return text


_MONTH_RE = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?: 00:00:00)?$")
_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


def parse_month(text: str) -> dt.date:
    """A month written ``YYYY-MM`` (or ``YYYY/MM``), or a date (an xlsx date cell); whether a date is a month's
    first day is the service's rule."""
    match = _MONTH_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        raise CellError(_("must be a month written YYYY-MM"))
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month), int(day) if day else 1)
    except ValueError as exc:
        raise CellError(_("is not a valid month")) from exc


def parse_week_text(text: str) -> str:
    """An ISO week written ``2026-W48`` (``2026W48``, ``2026-w8`` accepted), as the portal writes it."""
    match = _WEEK_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not match:
        raise CellError(_("must be an ISO week written YYYY-Www, e.g. 2026-W48"))
    return f"{int(match.group(1)):04d}-W{int(match.group(2)):02d}"


def parse_count(text: str) -> int:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not re.fullmatch(r"\d{1,9}(?:\.0*)?", cleaned):
        raise CellError(_("must be a non-negative whole number"))
    return int(Decimal(cleaned))
