"""What the dashboard page, the portfolio export and ``/api/v1/portfolio/`` share: the filtered queryset and the
table's sort, from the request's query string."""

from __future__ import annotations

from django.http import QueryDict

from reporting.filters import SORT_FIELDS, PortfolioFilterSet
from reporting.selectors import portfolio

DEFAULT_SORT = "code"
PAGE_SIZE = 25


def filterset(request) -> PortfolioFilterSet:
    data = request.GET.copy() if isinstance(request.GET, QueryDict) else request.GET
    return PortfolioFilterSet(data or None, queryset=portfolio.base_queryset(request.user), request=request)


def sort_key(value: str | None) -> str:
    """A valid ``o`` (``code``, ``-spi`` …), else the default."""
    value = (value or "").strip()
    return value if value.lstrip("-") in SORT_FIELDS else DEFAULT_SORT


def order_by(key: str) -> list[str]:
    descending = key.startswith("-")
    fields = SORT_FIELDS[key.lstrip("-")]
    out = []
    for field in fields:
        out.append(f"-{field}" if descending else field)
    return out


def nulls_last(key: str) -> list:
    """Sort expressions that keep missing figures (no report yet) at the end either way."""
    from django.db.models import F

    descending = key.startswith("-")
    return [
        F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        for field in SORT_FIELDS[key.lstrip("-")]
    ]
