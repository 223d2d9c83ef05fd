from django.contrib import admin

from projects.models import OrgUnit, Program, Project


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "org_unit")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "pm", "state", "phase", "overall_rag")
    list_filter = ("state", "phase", "confidential")
    search_fields = ("code", "name")
