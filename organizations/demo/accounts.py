"""Demo logins: one for every role, all with the same published password."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from ..models import Agency, Employee, Role, Unit, User
from .staffing import PlannedEmployee

DEMO_PASSWORD = "Demo#2025"  # noqa: S105 - published on purpose: README, command output
EMPLOYEE_LABEL = "Pegawai (ASN)"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str | None = None  # Role.Kind; None for a superuser or a plain employee
    agency: str = ""  # the agency code; for every account but the superuser
    opd: str = ""  # the OPD code, for OPD roles and for the employee to link
    employee: str = ""  # which of the OPD's staff to link: head, operator, ordinary
    superuser: bool = False

    @property
    def is_staff(self) -> bool:
        """BKPSDM admins work in the Django admin too."""
        return self.superuser or self.role == Role.Kind.BKPSDM_ADMIN


R = Role.Kind
DEMO_ACCOUNTS = (
    DemoAccount("superadmin", superuser=True),
    DemoAccount("bkpsdm.kotaserang", R.BKPSDM_ADMIN, "pemkot-serang"),
    DemoAccount("bkpsdm.kabserang", R.BKPSDM_ADMIN, "pemkab-serang"),
    DemoAccount("bkpsdm.banten", R.BKPSDM_ADMIN, "pemprov-banten"),
    DemoAccount("bkpsdm.cilegon", R.BKPSDM_ADMIN, "pemkot-cilegon"),
    DemoAccount("bkpsdm.tangsel", R.BKPSDM_ADMIN, "pemkot-tangsel"),
    DemoAccount("bkpsdm.dki", R.BKPSDM_ADMIN, "pemprov-dki"),
    DemoAccount("kepala.diskominfo", R.OPD_HEAD, "pemkot-serang", "diskominfo", "head"),
    DemoAccount("operator.diskominfo", R.OPERATOR, "pemkot-serang", "diskominfo", "operator"),
    DemoAccount("kepala.bappeda", R.OPD_HEAD, "pemkot-serang", "bappeda", "head"),
    DemoAccount("kepala.dinkes.kabserang", R.OPD_HEAD, "pemkab-serang", "dinkes", "head"),
    DemoAccount("pegawai.diskominfo", None, "pemkot-serang", "diskominfo", "ordinary"),
    DemoAccount("pegawai.bappeda", None, "pemkot-serang", "bappeda", "ordinary"),
    DemoAccount("inspektur.kotaserang", R.INSPECTOR, "pemkot-serang"),
)


def pick_employee(staff: list[PlannedEmployee], which: str, taken: set[str]) -> PlannedEmployee:
    """The OPD's head (listed first), or an untagged employee nobody else logs in as.

    An operator is preferably a Pranata Komputer: in real offices the one who keeps the app.
    """
    if which == "head":
        return staff[0]
    free = [p for p in staff if not p.role_tags and p.nip not in taken]
    if which == "operator":
        return next((p for p in free if p.position.startswith("Pranata Komputer")), free[0])
    return free[0]


def seed_accounts(plan: dict[tuple[str, str], list[PlannedEmployee]]) -> None:
    """Create or reset every demo login: password, flags, roles and employee link."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    agencies = {
        a.code: a for a in Agency.objects.filter(code__in={d.agency for d in DEMO_ACCOUNTS})
    }
    taken: set[str] = set()
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        employee = planned = None
        if account.employee:
            planned = pick_employee(plan[(account.agency, account.opd)], account.employee, taken)
            taken.add(planned.nip)
            employee = Employee.objects.get(nip=planned.nip)
        agency = agencies.get(account.agency)
        _reset_user(user, account, password, planned, agency)
        _set_role(user, account, agency)
        if employee is not None and employee.user_id != user.pk:
            Employee.objects.filter(user=user).update(user=None)
            employee.user = user
            employee.save(update_fields=["user"])


def _reset_user(
    user: User,
    account: DemoAccount,
    password: str,
    planned: PlannedEmployee | None,
    agency: Agency | None,
) -> None:
    if planned is not None:
        first, last = planned.first_name, planned.last_name
    elif account.superuser:
        first, last = "Super", "Admin"
    else:
        first, last = str(Role.Kind(account.role).label), agency.short_name
    user.password = password
    user.first_name, user.last_name = first[:150], last[:150]
    user.is_active = True
    user.is_staff = account.is_staff
    user.is_superuser = account.superuser
    user.save()


def _set_role(user: User, account: DemoAccount, agency: Agency | None) -> None:
    """Exactly the account's role: a demo login is reset to what the demo promises."""
    if account.role is None:
        user.roles.all().delete()
        return
    if account.role in Role.UNIT_KINDS:
        scope = {"agency": None, "unit": Unit.objects.get(agency=agency, code=account.opd)}
    else:
        scope = {"agency": agency, "unit": None}
    role, _ = Role.objects.get_or_create(user=user, kind=account.role, **scope)
    user.roles.exclude(pk=role.pk).delete()


def login_rows() -> list[tuple[str, str, str, str]]:
    """(username, password, role, agency / OPD) for every demo login, as seeded."""
    users = User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    users = {u.username: u for u in users.prefetch_related("roles__agency", "roles__unit__agency")}
    rows = []
    for account in DEMO_ACCOUNTS:
        user = users[account.username]
        rows.append((account.username, DEMO_PASSWORD, *_describe(user)))
    return rows


def _describe(user: User) -> tuple[str, str]:
    if user.is_superuser:
        return "Superadmin", "Semua instansi"
    role = next(iter(user.roles.all()), None)
    if role is None:
        employee = Employee.objects.select_related("unit__agency", "unit__parent").get(user=user)
        opd = employee.unit.parent or employee.unit
        return EMPLOYEE_LABEL, f"{opd.agency.short_name} / {opd.short_name}"
    if role.unit is not None:
        return role.get_kind_display(), f"{role.unit.agency.short_name} / {role.unit.short_name}"
    return role.get_kind_display(), role.agency.short_name
