"""The admin site only reads: every write goes through the services (their rules, audit log and locking).

``ReadOnlyAdmin`` is the base of every portal model's admin: nothing can be added, changed or deleted there,
not even by a superuser; viewing stays allowed (a superuser may view everything).
"""

from django.contrib import admin

from core.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows a model and never writes it (no add, change, delete, nor bulk delete action)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """An inline that shows the related rows and never writes them."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "app_label", "object_type", "object_repr", "project_id")
    list_filter = ("action", "app_label", "object_type")
    search_fields = ("object_repr", "comment", "actor__username")
    date_hierarchy = "at"
    list_select_related = ("actor",)
