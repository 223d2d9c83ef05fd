"""The projects app in the admin site: read-only (every write goes through ``projects.services``)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from projects.models import (
    ActionItem,
    Baseline,
    ChangeRequest,
    Issue,
    Meeting,
    Milestone,
    OrgUnit,
    Program,
    Project,
    ProjectMembership,
    Risk,
    StatusReport,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")
    list_select_related = ("parent",)


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "org_unit")
    search_fields = ("code", "name")
    list_select_related = ("org_unit",)


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "pm", "state", "phase", "overall_rag")
    list_filter = ("state", "phase", "confidential")
    search_fields = ("code", "name")
    list_select_related = ("pm",)


class ProjectChildAdmin(ReadOnlyAdmin):
    """A project's rows: found by the project's code."""

    search_fields = ("project__code",)
    list_select_related = ("project",)


@admin.register(Baseline)
class BaselineAdmin(ProjectChildAdmin):
    list_display = ("project", "number", "planned_start", "planned_end", "bac")


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(ProjectChildAdmin):
    list_display = ("project", "user", "project_role")
    list_select_related = ("project", "user")


@admin.register(StatusReport)
class StatusReportAdmin(ProjectChildAdmin):
    list_display = ("project", "week", "state", "revision", "overall_rag")
    list_filter = ("state", "overall_rag")


@admin.register(Milestone)
class MilestoneAdmin(ProjectChildAdmin):
    list_display = ("project", "name", "baseline_date", "forecast_date", "actual_date", "is_phase_gate")


@admin.register(Issue)
class IssueAdmin(ProjectChildAdmin):
    list_display = ("project", "title", "priority", "status", "due_date")
    list_filter = ("status", "priority")


@admin.register(Risk)
class RiskAdmin(ProjectChildAdmin):
    list_display = ("project", "title", "probability", "impact", "status")
    list_filter = ("status",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ProjectChildAdmin):
    list_display = ("project", "title", "status", "cost_impact", "schedule_impact_days")
    list_filter = ("status",)


@admin.register(Meeting)
class MeetingAdmin(ProjectChildAdmin):
    list_display = ("project", "title", "kind", "held_on")


@admin.register(ActionItem)
class ActionItemAdmin(ProjectChildAdmin):
    list_display = ("project", "title", "status", "due_date")
    list_filter = ("status",)
