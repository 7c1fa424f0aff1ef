"""Django admin for circulars and local days off, scoped to the admin's agency.

The pages of the app are where circulars are written and published; the
admin is where BKPSDM admins keep their local days off and look circulars up.
"""

from django.contrib import admin

from organizations.admin import AgencyScopedAdmin, ScopedChoices
from organizations.models import Unit

from .models import Circular, CircularEvent, DayOff, Limit, Window


class WindowInline(ScopedChoices, admin.TabularInline):
    model = Window
    extra = 0


class LimitInline(ScopedChoices, admin.TabularInline):
    model = Limit
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Unit:
            kwargs["queryset"] = Unit.objects.opds()  # the mixin limits it to the agency
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CircularEventInline(ScopedChoices, admin.TabularInline):
    model = CircularEvent
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "note", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Circular)
class CircularAdmin(AgencyScopedAdmin):
    list_display = ["number", "title", "agency", "status", "cap_percent", "published_at"]
    list_filter = ["status", "arrangement", "agency"]
    search_fields = ["number", "title"]
    list_select_related = ["agency"]
    inlines = [WindowInline, LimitInline, CircularEventInline]
    readonly_fields = ["status", "published_at", "revoked_at", "revoke_reason", "created_by"]
    filter_horizontal = ["exempt_units"]
    raw_id_fields = ["parent", "amends"]

    # BKPSDM admins read circulars here but write them on the app's pages, where
    # the services check the rules and keep the history. Superusers may repair
    # a draft; a published circular changes only through amendment.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or obj.is_editable)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "exempt_units":
            kwargs["queryset"] = Unit.objects.opds()  # the mixin limits it to the agency
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(DayOff)
class DayOffAdmin(AgencyScopedAdmin):
    list_display = ["day", "name", "off", "agency"]
    list_filter = ["off", "agency"]
    search_fields = ["name"]
    date_hierarchy = "day"
    list_select_related = ["agency"]

    def has_delete_permission(self, request, obj=None):
        # A local day off entered by mistake must be removable by its agency's admin.
        return self.has_module_permission(request)
