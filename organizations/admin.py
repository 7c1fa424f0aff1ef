"""Django admin for superusers and BKPSDM admins.

A BKPSDM admin (is_staff) works only inside their own agency: every queryset
and every foreign-key choice goes through the scoping helpers in access.py.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q

from .access import agencies_for_admin, employees_for_admin, get_actor
from .models import Agency, Employee, Region, Role, Unit, User


class ReadOnlyForSuperusers(admin.ModelAdmin):
    """Rows that only their own pages write (with their rules): superusers may look."""

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


class AgencyScopedAdmin(admin.ModelAdmin):
    """Superusers see everything; a BKPSDM admin sees and changes their agency's rows."""

    agency_lookup = "agency"

    def _is_agency_admin(self, request) -> bool:
        return request.user.is_active and get_actor(request.user).is_admin

    def has_module_permission(self, request):
        return request.user.is_superuser or self._is_agency_admin(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.agency_lookup}__in": agencies_for_admin(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            agencies = agencies_for_admin(request.user)
            if db_field.related_model is Agency:
                kwargs["queryset"] = agencies
            elif db_field.related_model is Unit:
                kwargs["queryset"] = Unit.objects.filter(agency__in=agencies)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "is_jabodetabek", "code"]
    list_filter = ["kind", "province", "is_jabodetabek"]
    search_fields = ["name", "code"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or get_actor(request.user).is_admin

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    list_display = ["name", "short_name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "short_name", "code"]
    agency_lookup = "pk"

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(AgencyScopedAdmin):
    list_display = ["name", "short_name", "code", "agency", "category", "parent"]
    list_filter = ["category", "agency"]
    search_fields = ["name", "short_name", "code"]
    list_select_related = ["agency", "parent"]


@admin.register(Employee)
class EmployeeAdmin(AgencyScopedAdmin):
    list_display = ["name", "nip", "unit", "position", "active"]
    list_filter = ["active", "unit__agency", "unit__category"]
    search_fields = ["name", "nip", "position"]
    list_select_related = ["unit"]
    raw_id_fields = ["user"]
    agency_lookup = "unit__agency"

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request)
        return employees_for_admin(request.user).select_related("unit")

    def get_readonly_fields(self, request, obj=None):
        # Moving an employee to another unit moves their coming days and is judged
        # by the roster rules (the API or the employee import do it): not a field here.
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "unit"] if obj is not None else fields


@admin.register(Role)
class RoleAdmin(AgencyScopedAdmin):
    list_display = ["user", "kind", "agency", "unit", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user", "granted_by"]

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        agencies = agencies_for_admin(request.user)
        return qs.filter(Q(agency__in=agencies) | Q(unit__agency__in=agencies))


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Logins are managed by superusers only."""

    def has_module_permission(self, request):
        return request.user.is_superuser
