"""Read-only admin for superusers: every roster write goes through schedules.roster.services,
and BKPSDM admins decide on rosters in the oversight pages, not here."""

from django.contrib import admin

from organizations.admin import ReadOnlyForSuperusers

from .models import AssignmentChange, Roster


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
