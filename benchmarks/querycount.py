"""Bench-only middleware: the number of SQL statements each request ran, in an ``X-Bench-Queries`` header.

Enabled only when ``PMO_BENCH_QUERY_COUNT=1`` (``benchmarks/run.py`` sets it for the gunicorn it starts). It wraps
the request's database connection (``connection.execute_wrapper``), so it counts what really reaches PostgreSQL
with ``DEBUG`` off, session and authentication queries included.
"""

from __future__ import annotations

from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
