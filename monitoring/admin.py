"""Read-only admin for superusers: checks are recorded in the monitoring pages."""

from django.contrib import admin

from .models import AttendanceCheck


@admin.register(AttendanceCheck)
class AttendanceCheckAdmin(admin.ModelAdmin):
    list_display = ("unit", "day", "source", "checked_by", "created_at")
    list_filter = ("source", "day")

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
