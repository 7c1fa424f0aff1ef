"""A realistic agency for the benchmarks that serve pages (throughput, history).

One BKPSDM with ``opds`` OPDs of ``staff`` employees each (two sub-units per
OPD), under a published circular that reads like a real one: a 50% cap,
exempt roles (treasurers stay in), a weekly limit, two priorities (domicile and
office region), and a few revoked permissions. Every OPD has a roster for each
week of the window around today (past weeks accepted, the current week a draft
for OPD 0 whose head saves it, submitted for the others) with two days away a
week for most staff, the day counters that match, pending requests and unread
notifications. Seeded through the ORM in bulk (a few seconds).

``nip(n)`` is a valid, unique NIP for the n-th employee; ``history.py`` uses it
for the millions of rows it COPYs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

WEEKS_BACK = 8
WEEKS_AHEAD = 4
EXEMPT_ROLE = "treasurer"


def nip(n: int) -> str:
    """A valid NIP, unique for n < 10,000,000: birth date, TMT (birth + 25 y), sex, serial."""
    birth = date(1965, 1, 1) + timedelta(days=n // 999)
    return f"{birth:%Y%m%d}{birth.year + 25}{birth.month:02d}1{1 + n % 999:03d}"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class World:
    agency_id: int
    circular_id: int
    opd_id: int  # OPD 0: its head saves the current week
    head_username: str
    admin_username: str
    employee_username: str
    week: date  # Monday of the current week
    staff_ids: list[int]  # OPD 0's active staff


def away_days(n: int, week_index: int) -> tuple[int, int]:
    """The two weekdays (0-4) employee n is away in a week: 40% of staff away a day."""
    first = (n + week_index) % 5
    return first, (first + 2) % 5


def seed_world(tag: str = "bench", *, opds: int = 20, staff: int = 100, serial: int = 0) -> World:
    from django.utils import timezone

    from circulars.models import Circular, Priority, Window
    from notifications.models import Notification
    from organizations.models import Agency, Employee, Region, Role, Unit, User
    from schedules.models import Assignment, AwayRequest, DayCounter, Revocation, Roster

    today = timezone.localdate()
    week = monday(today)
    first_week = week - timedelta(weeks=WEEKS_BACK)
    weeks = [first_week + timedelta(weeks=i) for i in range(WEEKS_BACK + WEEKS_AHEAD + 1)]

    region = Region.objects.create(
        code=f"{serial % 100:02d}.{serial % 97:02d}", name=f"Kota {tag}", kind="city", province="P"
    )
    other_region = Region.objects.create(
        code=f"{serial % 100:02d}.{serial % 89 + 1:02d}x"[:8],
        name=f"Kab {tag}",
        kind="regency",
        province="P",
    )
    agency = Agency.objects.create(code=tag, name=f"Pemkot {tag}", short_name=tag)
    circular = Circular.objects.create(
        agency=agency,
        number=f"800/{tag.upper()}/2025",
        title="Bekerja dari mana saja",
        status=Circular.Status.PUBLISHED,
        published_at=timezone.now(),
        cap_percent=50,
        weekly_limit=3,
        exempt_roles=[EXEMPT_ROLE],
        conditions="Tetap dapat dihubungi.\nHadir bila dipanggil.",
    )
    Window.objects.create(circular=circular, start=weeks[0], end=weeks[-1] + timedelta(days=4))
    for order, (kind, where) in enumerate(
        [(Priority.Kind.DOMICILE, other_region), (Priority.Kind.OFFICE, region)], start=1
    ):
        Priority.objects.create(circular=circular, order=order, kind=kind).regions.set([where])

    units = Unit.objects.bulk_create(
        [
            Unit(agency=agency, code=f"opd-{i}", name=f"Dinas {i:03d}", short_name=f"D{i}")
            for i in range(opds)
        ]
    )
    subs = Unit.objects.bulk_create(
        [
            Unit(agency=agency, parent=opd, code=f"sub-{i}-{j}", name=f"Bidang {i}-{j}")
            for i, opd in enumerate(units)
            for j in range(2)
        ]
    )
    employees = []
    for i, opd in enumerate(units):
        homes = [opd, subs[2 * i], subs[2 * i + 1]]
        for k in range(staff):
            n = serial + i * staff + k
            employees.append(
                Employee(
                    nip=nip(n),
                    name=f"Pegawai {n:06d}",
                    unit=homes[k % 3],
                    job_type="pelaksana",
                    role_tags=[EXEMPT_ROLE] if k % 25 == 0 else [],
                    domicile_region=other_region if k % 4 == 0 else region,
                )
            )
    employees = Employee.objects.bulk_create(employees, batch_size=2000)

    def user(name: str) -> User:
        return User.objects.create_user(f"{tag}-{name}", password="x")  # noqa: S106

    head, admin, employee_user = user("head"), user("admin"), user("employee")
    Role.objects.create(user=head, kind=Role.Kind.OPD_HEAD, unit=units[0])
    Role.objects.create(user=admin, kind=Role.Kind.BKPSDM_ADMIN, agency=agency)
    me = employees[1]  # OPD 0, a sub-unit, no exempt role
    me.user = employee_user
    me.save(update_fields=["user"])

    revoked = {e.pk for n, e in enumerate(employees) if n % 50 == 7}
    Revocation.objects.bulk_create(
        [
            Revocation(employee_id=pk, circular=circular, reason="Kinerja", revoked_by=head)
            for pk in revoked
        ]
    )
    rosters = Roster.objects.bulk_create(
        [
            Roster(
                unit=opd,
                week_start=w,
                status=(
                    "accepted"
                    if w < week
                    else ("draft" if (w == week and i == 0) or w > week else "submitted")
                ),
            )
            for i, opd in enumerate(units)
            for w in weeks
        ]
    )
    roster_of = {(r.unit_id, r.week_start): r for r in rosters}
    opd_of = {u.pk: (u.parent_id or u.pk) for u in [*units, *subs]}
    rows, counters = [], {}
    for n, e in enumerate(employees):
        if e.role_tags or e.pk in revoked:
            continue  # exempt roles and revoked permissions stay at the office
        opd_id = opd_of[e.unit_id]
        for wi, w in enumerate(weeks):
            for d in away_days(n, wi):
                day = w + timedelta(days=d)
                rows.append(
                    Assignment(roster=roster_of[(opd_id, w)], employee=e, day=day, mode="WFA")
                )
                counters[(opd_id, day)] = counters.get((opd_id, day), 0) + 1
    Assignment.objects.bulk_create(rows, batch_size=5000)
    DayCounter.objects.bulk_create(
        [DayCounter(unit_id=u, day=d, away=n) for (u, d), n in counters.items()], batch_size=5000
    )
    mine = [e for e in employees if opd_of[e.unit_id] == units[0].pk]
    AwayRequest.objects.bulk_create(
        [
            AwayRequest(
                employee=e, circular=circular, day=week + timedelta(days=7 + n % 5), mode="WFA"
            )
            for n, e in enumerate(mine[2:12])
        ]
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=u,
                kind="circular_published",
                event_key=f"{tag}:{u.pk}:{n}",
                subject="SE",
                body=".",
            )
            for u in (head, admin, employee_user)
            for n in range(5)
        ]
    )
    return World(
        agency_id=agency.pk,
        circular_id=circular.pk,
        opd_id=units[0].pk,
        head_username=head.username,
        admin_username=admin.username,
        employee_username=employee_user.username,
        week=week,
        staff_ids=[e.pk for e in mine if e.active],
    )


def free_cells(world: World) -> list[tuple[int, date]]:
    """Cells of the current week at the office that may go away (for a save that toggles)."""
    from organizations.models import Employee
    from schedules.models import Revocation

    revoked = set(Revocation.objects.values_list("employee_id", flat=True))
    rows = Employee.objects.filter(pk__in=world.staff_ids).values_list("pk", "role_tags")
    free = []
    order = {pk: n for n, pk in enumerate(world.staff_ids)}
    for pk, tags in rows:
        if tags or pk in revoked:
            continue
        n = order[pk]
        away = away_days(n, WEEKS_BACK)
        day = next(d for d in range(5) if d not in away)
        free.append((pk, world.week + timedelta(days=day)))
    return sorted(free)
