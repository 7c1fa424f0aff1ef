"""Read-only admin for superusers: every roster write goes through schedules.services,
and BKPSDM admins decide on rosters in the oversight pages, not here."""

from django.contrib import admin

from .models import AssignmentChange, Roster


class ReadOnlyForSuperusers(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Roster)
class RosterAdmin(ReadOnlyForSuperusers):
    list_display = ["unit", "week_start", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["unit"]
    search_fields = ["unit__name", "unit__short_name"]
    date_hierarchy = "week_start"


@admin.register(AssignmentChange)
class AssignmentChangeAdmin(ReadOnlyForSuperusers):
    list_display = ["roster", "employee", "day", "old_mode", "new_mode", "changed_by", "changed_at"]
    list_select_related = ["roster__unit", "employee", "changed_by"]
    list_filter = ["new_mode"]
    search_fields = ["employee__name", "employee__nip"]
