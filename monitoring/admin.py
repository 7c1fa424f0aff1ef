"""Read-only admin for superusers: checks are recorded in the monitoring pages."""

from django.contrib import admin

from organizations.admin import ReadOnlyForSuperusers

from .models import AttendanceCheck


@admin.register(AttendanceCheck)
class AttendanceCheckAdmin(ReadOnlyForSuperusers):
    list_display = ("unit", "day", "source", "checked_by", "created_at")
    list_filter = ("source", "day")
