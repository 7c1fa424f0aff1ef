"""Django admin for superusers and BKPSDM admins.

A BKPSDM admin (is_staff) works only inside their own agency: every queryset
and every foreign-key choice goes through the scoping helpers in access.py.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet

from . import services
from .access import accounts_for_admin, agencies_for_admin, employees_for_admin, get_actor
from .models import (
    Agency,
    DisciplinarySanction,
    Employee,
    EmployeeCircumstance,
    Region,
    Role,
    Unit,
    User,
)


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


class ScopedChoices:
    """Foreign-key and many-to-many choices limited to the BKPSDM admin's agency."""

    def scoped_choices(self, request, model) -> QuerySet | None:
        """The rows of ``model`` a BKPSDM admin may pick in a form; None: none of them.

        Deny by default: a foreign key to a model not named here offers no choice
        at all, so a new field cannot open a way into another agency (a raw id is
        validated against the same queryset).
        """
        agencies = agencies_for_admin(request.user)
        if model is Agency:
            return agencies
        if model is Unit:
            return Unit.objects.filter(agency__in=agencies)
        if model is Employee:
            return employees_for_admin(request.user)
        if model is User:
            return accounts_for_admin(request.user)
        if model is Region:
            return Region.objects.all()  # shared reference data, owned by no agency
        return None

    def _limit(self, db_field, request, kwargs):
        if request.user.is_superuser:
            return
        model = db_field.related_model
        choices = self.scoped_choices(request, model)
        if choices is None:
            kwargs["queryset"] = model.objects.none()
        elif "queryset" in kwargs:  # a subclass narrowed it further (OPDs only, say)
            kwargs["queryset"] = kwargs["queryset"].filter(pk__in=choices.values("pk"))
        else:
            kwargs["queryset"] = choices

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AgencyScopedAdmin(ScopedChoices, admin.ModelAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Moving a unit moves its staff between OPDs: not a form field for BKPSDM.
        if obj is not None and not request.user.is_superuser:
            readonly += ["agency", "parent"]
        return readonly


class DisciplinarySanctionInline(ScopedChoices, admin.TabularInline):
    """Sanctions an employee serves: a circular may exclude them from working away."""

    model = DisciplinarySanction
    extra = 0
    fields = ["start", "end", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]


class EmployeeCircumstanceInline(ScopedChoices, admin.TabularInline):
    """Circumstance groups declared for an employee, with a note and an optional file."""

    model = EmployeeCircumstance
    extra = 0
    fields = ["kind", "note", "evidence", "until", "declared_by", "declared_at"]
    readonly_fields = ["declared_by", "declared_at"]


@admin.register(Employee)
class EmployeeAdmin(AgencyScopedAdmin):
    list_display = ["name", "nip", "unit", "position", "active"]
    list_filter = ["active", "unit__agency", "unit__category"]
    search_fields = ["name", "nip", "position"]
    list_select_related = ["unit"]
    # A superior is picked by id (an agency has thousands); the id is checked against
    # the same scoped choices, and the service refuses a loop or another agency.
    raw_id_fields = ["user", "superior"]
    agency_lookup = "unit__agency"
    inlines = [DisciplinarySanctionInline, EmployeeCircumstanceInline]

    def save_model(self, request, obj, form, change):
        if not change:
            services.create_employee(employee=obj)
            return
        # The same path as the API: a change of unit is a move through the one writer.
        concrete = {f.name for f in Employee._meta.concrete_fields}
        changes = {name: getattr(obj, name) for name in form.changed_data if name in concrete}
        services.update_employee(
            employee=Employee.objects.get(pk=obj.pk), changes=changes, actor=request.user
        )

    def save_formset(self, request, form, formset, change):
        # Who recorded a sanction or declared a circumstance is the admin who saved it;
        # a new one re-checks the stored rosters as the BKPSDM page does.
        for row in formset.save(commit=False):
            new = row.pk is None
            if isinstance(row, DisciplinarySanction) and row.recorded_by_id is None:
                row.recorded_by = request.user
            if isinstance(row, EmployeeCircumstance) and row.declared_by_id is None:
                row.declared_by = request.user
            row.save()
            if new and isinstance(row, DisciplinarySanction):
                services.sanction_recorded(sanction=row, actor=request.user)
            if new and isinstance(row, EmployeeCircumstance):
                services.circumstance_declared(circumstance=row, actor=request.user)
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()

    def get_queryset(self, request):
        if request.user.is_superuser:
            return super().get_queryset(request)
        return employees_for_admin(request.user).select_related("unit")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # A login is linked on the account pages, whose service checks the agency;
        # a move between OPDs re-checks both OPDs' rosters, which this form cannot.
        if not request.user.is_superuser:
            readonly.append("user")
        if obj is not None:
            readonly.append("unit")
        return readonly


@admin.register(Role)
class RoleAdmin(AgencyScopedAdmin):
    """Superusers only: BKPSDM grants and revokes roles on the account pages
    (``/akun-pegawai/``), whose service keeps every rule of who may hold what."""

    list_display = ["user", "kind", "agency", "unit", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user", "granted_by"]
    list_select_related = ["user", "agency", "unit"]

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    """Logins are managed by superusers only."""

    def has_module_permission(self, request):
        return request.user.is_superuser
