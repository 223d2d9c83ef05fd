"""Reads of the projects app. Every queryset starts from what the user may see."""

from __future__ import annotations

from projects.permissions import visible_projects


def project_list(user):
    return visible_projects(user).select_related("pm", "org_unit", "program", "baseline").order_by("code")
