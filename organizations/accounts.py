"""BKPSDM admins give the employees of their agency a login and its roles.

Every rule is checked against the admin's own agencies (``agencies_for_admin``),
so a view that forgot its scope check still could not reach another agency.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .access import accounts_of_agencies, agencies_for_admin, employees_for_admin
from .models import Agency, Employee, Role, Unit, User
from .nip import normalize_nip
from .services import deactivate_user

# Shared with the API, which looks ids up within the admin's scope before calling here.
NO_EMPLOYEE = gettext_lazy("Pilih pegawai aktif dari instansi Anda.")
NO_UNIT = gettext_lazy("Pilih OPD dari instansi akun ini.")
NO_AGENCY = gettext_lazy("Pilih instansi akun ini yang Anda kelola.")


def search_accounts(users: QuerySet[User], query: str) -> QuerySet[User]:
    """Logins whose username, name or employee name contains ``query``, or whose
    employee's NIP starts with it (the page's search box and the API's ``q``)."""
    query = query.replace("\x00", "").strip()
    if not query:
        return users
    match = (
        Q(username__icontains=query)
        | Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
        | Q(employee__name__icontains=query)
    )
    nip = normalize_nip(query)
    if nip.isdigit():
        match |= Q(employee__nip__startswith=nip)
    return users.filter(match)


def initial_password() -> str:
    """A random first password, shown once to the admin who hands it over."""
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_account(
    *, admin: User, employee: Employee, username: str = "", email: str = ""
) -> tuple[User, str]:
    """A login for an active employee of the admin's agency; returns it and its password."""
    employee = (
        employees_for_admin(admin)
        .active()
        .select_for_update(of=("self",))
        .filter(pk=employee.pk)
        .first()
    )
    if employee is None:
        raise ValidationError({"employee": NO_EMPLOYEE})
    if employee.user_id is not None:
        raise ValidationError({"employee": _("Pegawai ini sudah memiliki akun.")})
    username = _clean_username(username.strip() or employee.nip)
    email = _clean_email(email.strip())
    first, _sep, last = employee.name.strip().partition(" ")
    user = User(username=username, email=email, first_name=first[:150], last_name=last[:150])
    password = initial_password()
    user.set_password(password)
    user.save()
    employee.user = user
    employee.save(update_fields=["user"])
    return user, password


def _clean_username(username: str) -> str:
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from None
    if len(username) > field.max_length:
        raise ValidationError({"username": _("Nama pengguna terlalu panjang.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Nama pengguna ini sudah dipakai.")})
    return username


def _clean_email(email: str) -> str:
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Alamat e-mail tidak sah.")}) from None
    if len(email) > User._meta.get_field("email").max_length:
        raise ValidationError({"email": _("Alamat e-mail terlalu panjang.")})
    return email


def agency_ids_of(user: User) -> set[int]:
    """The agencies a login belongs to: its employee's, and those it holds roles in."""
    ids: set[int] = set()
    for agency_id, unit_agency_id in Role.objects.filter(user=user).values_list(
        "agency_id", "unit__agency_id"
    ):
        ids.add(agency_id or unit_agency_id)
    employee_agency = Employee.objects.filter(user=user).values_list("unit__agency_id", flat=True)
    ids.update(employee_agency)
    return ids


@transaction.atomic
def grant_role(
    *,
    admin: User,
    user: User,
    kind: str,
    unit: Unit | None = None,
    agency: Agency | None = None,
) -> Role:
    """Give a login of the admin's agency a role there. Granting a role it holds is a no-op.

    Heads and operators act for an OPD (a top-level unit); inspectors and BKPSDM
    admins for the agency. ``agency`` picks among several the admin administers;
    without it, the login's own agency is used.
    """
    if kind not in Role.Kind.values:
        raise ValidationError({"kind": _("Peran tidak dikenal.")})
    if not user.is_active:
        raise ValidationError({"user": _("Akun ini nonaktif.")})
    admin_ids = set(agencies_for_admin(admin).values_list("pk", flat=True))
    user_ids = agency_ids_of(user) & admin_ids
    if not user_ids:
        raise ValidationError({"user": _("Akun ini bukan milik instansi Anda.")})
    if kind in Role.UNIT_KINDS:
        scope = {"unit": _opd_for_grant(unit, user_ids)}
    else:
        if unit is not None:
            raise ValidationError(
                {"unit": _("Peran ini berlaku untuk seluruh instansi, bukan OPD.")}
            )
        scope = {"agency_id": _agency_for_grant(agency, user, user_ids)}
    role, _created = Role.objects.get_or_create(
        user=user, kind=kind, **scope, defaults={"granted_by": admin}
    )
    return role


def _opd_for_grant(unit: Unit | None, agency_ids: set[int]) -> Unit:
    if unit is None:
        raise ValidationError({"unit": _("Pilih OPD.")})
    if unit.agency_id not in agency_ids:
        raise ValidationError({"unit": NO_UNIT})
    if unit.parent_id is not None:
        raise ValidationError({"unit": _("Pilih OPD, bukan sub-unit.")})
    return unit


def _agency_for_grant(agency: Agency | None, user: User, agency_ids: set[int]) -> int:
    if agency is not None:
        if agency.pk not in agency_ids:
            raise ValidationError({"agency": NO_AGENCY})
        return agency.pk
    own = Employee.objects.filter(user=user, unit__agency_id__in=agency_ids)
    own_id = own.values_list("unit__agency_id", flat=True).first()
    if own_id is not None:
        return own_id
    if len(agency_ids) == 1:
        return next(iter(agency_ids))
    raise ValidationError({"agency": _("Pilih instansi.")})


@transaction.atomic
def revoke_role(*, admin: User, role: Role) -> None:
    """Take a role back. The last BKPSDM admin of an agency stays, so it is never locked out."""
    admin_ids = agencies_for_admin(admin).values_list("pk", flat=True)
    in_scope = Role.objects.filter(Q(agency_id__in=admin_ids) | Q(unit__agency_id__in=admin_ids))
    role = in_scope.filter(pk=role.pk).first()
    if role is None:
        raise ValidationError(_("Peran ini tidak ditemukan pada instansi Anda."), code="not_found")
    if role.kind == Role.Kind.BKPSDM_ADMIN:
        _keep_an_admin(role.agency_id, leaving=role.user_id)
    role.delete()


def _keep_an_admin(agency_id: int, *, leaving: int) -> None:
    """Refuse when no other active login would remain BKPSDM admin of the agency.

    The agency's admin roles are locked first, so two admins removing each other
    at the same moment cannot both succeed.
    """
    admins = list(
        Role.objects.select_for_update()
        .filter(kind=Role.Kind.BKPSDM_ADMIN, agency_id=agency_id)
        .values_list("user_id", flat=True)
    )
    others = [user_id for user_id in admins if user_id != leaving]
    if not User.objects.filter(pk__in=others, is_active=True).exists():
        raise ValidationError(
            _("Ini admin BKPSDM terakhir instansi ini; tunjuk admin lain terlebih dahulu."),
            code="last_admin",
        )


@transaction.atomic
def deactivate_account(*, admin: User, user: User) -> None:
    """Switch off a login of the admin's agency; its sessions end at their next request."""
    admin_ids = list(agencies_for_admin(admin).values_list("pk", flat=True))
    if not accounts_of_agencies(admin_ids).filter(pk=user.pk).exists() and not admin.is_superuser:
        raise ValidationError(_("Akun ini tidak ditemukan pada instansi Anda."), code="not_found")
    if user.pk == admin.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), code="self")
    for agency_id in Role.objects.filter(user=user, kind=Role.Kind.BKPSDM_ADMIN).values_list(
        "agency_id", flat=True
    ):
        _keep_an_admin(agency_id, leaving=user.pk)
    deactivate_user(user=user)
