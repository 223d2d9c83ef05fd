"""Portfolio reads for the dashboard; every queryset starts from what the user may see."""

from __future__ import annotations

from django.db.models import Count

from projects.models import ProjectState
from projects.selectors import portfolio


def portfolio_projects(user):
    return (
        portfolio(user)
        .exclude(state__in=[ProjectState.CLOSED, ProjectState.CANCELLED])
        .select_related("pm", "org_unit", "baseline")
        .order_by("code")
    )


def rag_counts(user) -> dict[str, int]:
    rows = portfolio_projects(user).order_by().values("overall_rag").annotate(n=Count("id"))
    counts = {"green": 0, "amber": 0, "red": 0, "none": 0}
    for row in rows:
        counts[row["overall_rag"] or "none"] = row["n"]
    return counts
