"""Reads of the projects app. Every queryset starts from what the user may see."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from core.models import AuditEntry
from projects.models import Baseline, Project, ProjectMembership
from core.people import display_name
from projects.permissions import visible_projects


def project_list(user) -> QuerySet[Project]:
    return visible_projects(user).select_related("pm", "org_unit", "program", "baseline").order_by("code")


def project_pm_choices(user) -> list[tuple[str, str]]:
    """(username, display name) of the PMs of the projects ``user`` may see, for the list's PM filter."""
    users = (
        get_user_model()
        .objects.filter(managed_projects__in=visible_projects(user))
        .distinct()
        .order_by("username")
        .only("username", "first_name", "last_name")
    )
    return [(u.username, display_name(u)) for u in users]


def project_baselines(project: Project) -> QuerySet[Baseline]:
    """Every baseline of the project, newest first (the current one included)."""
    return Baseline.objects.filter(project=project).select_related("created_by", "change_request").order_by("-number")


def project_members(project: Project) -> QuerySet[ProjectMembership]:
    return ProjectMembership.objects.filter(project=project).select_related("user").order_by("user__username")


def project_history(project: Project, *, object_type: str = "") -> QuerySet[AuditEntry]:
    """The project's history entries, newest first, optionally of one object type (a model name)."""
    qs = AuditEntry.objects.filter(project_id=project.pk).select_related("actor").order_by("-at", "-id")
    if object_type:
        qs = qs.filter(object_type=object_type)
    return qs


def history_object_types(project: Project) -> list[str]:
    """The object types (model names) that occur in the project's history."""
    return sorted(
        AuditEntry.objects.filter(project_id=project.pk).order_by().values_list("object_type", flat=True).distinct()
    )
