"""The API's pagination (a module of its own: DRF imports it while it loads its views)."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class PortalPagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (up to 200) on every list."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
