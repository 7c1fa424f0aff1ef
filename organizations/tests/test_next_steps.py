"""The newcomer's first ten minutes: every demo role's home page says what to do next, and the
button leads to a page where it can be done (against the seeded demo, relative to today)."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from circulars.models import Circular
from circulars.services import publish_problems
from circulars.tests.test_demo import _env, _fast_passwords
from monitoring.models import AttendanceCheck
from organizations.dates import long_date, long_day
from organizations.models import User
from organizations.next_steps import next_steps
from schedules.models import AwayRequest, Roster
from schedules.requests import services as employee_services
from wfa_portal.isoweek import monday_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), _fast_passwords(), _env(WFA_TESTING="1"):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_seeded_once, db, client):
    def login(username):
        client.logout()
        client.force_login(User.objects.get(username=username))
        return client

    return login


def home(client) -> dict[str, object]:
    body = client.get(reverse("home")).content.decode()
    card = body.split('data-testid="next-step"', 1)[1].split("</section>", 1)[0]
    text = re.search(r'data-testid="next-step-text">([^<]*)<', card).group(1)
    href, button = re.search(
        r'<a class="btn btn-primary" href="([^"]+)"[^>]*>([^<]*)<', card
    ).groups()
    more = re.findall(r'<li class="mb-1">([^<]*) <a href="([^"]+)">([^<]*)</a></li>', card)
    return {
        "text": text,
        "href": href.replace("&amp;", "&"),
        "button": button.strip(),
        "more": more,
    }


def next_monday():
    return monday_of(timezone.localdate()) + timedelta(weeks=1)


def test_demo_head_is_sent_to_the_draft_week_and_has_requests_to_decide(demo):
    client = demo("kepala.diskominfo")
    step = home(client)
    week = next_monday()
    iso = "{}-W{:02d}".format(*week.isocalendar()[:2])
    with translation.override("id"):
        end = long_date(week + timedelta(days=6))
        expected = f"Jadwal Diskominfo minggu {iso} ({long_date(week)} – {end}) masih draf."
    assert step["text"] == expected
    assert step["button"] == "Isi jadwal"
    roster = Roster.objects.get(
        unit__code="diskominfo", unit__agency__code="pemkot-serang", week_start=week
    )
    assert roster.status == Roster.Status.DRAFT
    assert step["href"] == reverse("roster:week", kwargs={"unit_id": roster.unit_id, "week": iso})
    grid = client.get(step["href"])
    assert grid.status_code == 200 and 'data-testid="save-week"' in grid.content.decode()
    queue = reverse("requests:queue", args=[roster.unit_id])
    assert ("3 permohonan pegawai menunggu keputusan Anda.", queue, "Putuskan permohonan") in step[
        "more"
    ]
    rows = client.get(queue).context["rows"]
    assert len(rows) == 3 and all(monday_of(r.request.day) == week for r in rows)


def test_demo_head_reads_it_in_english(demo):
    client = demo("kepala.diskominfo")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    step = home(client)
    assert step["button"] == "Fill in the roster"
    assert step["text"].endswith("is still a draft.")
    assert "Next step" in client.get(reverse("home")).content.decode()


def test_demo_employee_has_a_day_to_request_that_the_head_can_still_approve(demo):
    client = demo("pegawai.diskominfo")
    step = home(client)
    employee = User.objects.get(username="pegawai.diskominfo").employee
    match = re.fullmatch(r"Anda dapat mengajukan WFA pada (.+) \(SE (.+)\)\.", step["text"])
    assert match, step["text"]
    day = next(
        d
        for d in (timezone.localdate() + timedelta(days=n) for n in range(1, 43))
        if long_day(d) == match.group(1)
    )
    assert step["href"] == f"{reverse('requests:requests')}#day-{day.isoformat()}"
    assert f'id="day-{day.isoformat()}"' in client.get(step["href"]).content.decode()
    circular = Circular.objects.get(number=match.group(2))
    assert not Roster.objects.filter(
        week_start=monday_of(day),
        status__in=["submitted", "accepted"],
        unit=employee.unit.parent or employee.unit,
    ).exists()
    (made,) = employee_services.request_days(employee=employee, circular=circular, days=[day])
    assert made.status == AwayRequest.Status.PENDING


def test_demo_bkpsdm_has_a_week_to_accept_and_a_draft_to_publish(demo):
    client = demo("bkpsdm.kotaserang")
    step = home(client)
    submitted = Roster.objects.filter(unit__agency__code="pemkot-serang", status="submitted")
    first = submitted.order_by("week_start", "unit__name", "pk").first()
    assert step["text"] == (
        f"{submitted.count()} jadwal mingguan OPD menunggu diperiksa; yang pertama: "
        f"{first.unit.short_name} minggu {first.iso_week}."
    )
    assert step["href"] == reverse("roster:oversight_detail", args=[first.pk])
    assert 'data-testid="accept"' in client.get(step["href"]).content.decode()
    draft = Circular.objects.get(agency__code="pemkot-serang", status="draft")
    assert (
        f"Draf SE {draft.number} belum diterbitkan.",
        reverse("circulars:publish", args=[draft.pk]),
        "Periksa dan terbitkan",
    ) in step["more"]
    assert publish_problems(draft) == {}
    assert client.get(reverse("circulars:publish", args=[draft.pk])).status_code == 200


def test_demo_inspector_has_a_day_to_check(demo):
    client = demo("inspektur.kotaserang")
    step = home(client)
    match = re.fullmatch(r"Kehadiran (.+) pada (.+) belum diperiksa\.", step["text"])
    assert match, step["text"]
    assert step["button"] == "Catat kehadiran"
    page = client.get(step["href"])
    assert page.status_code == 200
    assert page.context["staff"] and page.context["target"].cleaned_data[
        "unit"
    ].name == match.group(1)
    day = page.context["target"].cleaned_data["day"]
    assert long_day(day) == match.group(2) and day <= timezone.localdate()
    assert not AttendanceCheck.objects.exists()
    assert any(e.scheduled != "WFO" for e in page.context["staff"])


# --- a constant number of queries, whatever the size ------------------------------------


@pytest.mark.parametrize("actor", ["admin", "inspector", "head", "operator", "employee_user"])
def test_each_roles_steps_cost_the_same_queries_at_two_sizes(world, count_queries, actor):
    from organizations.access import get_actor
    from organizations.tests.factories import EmployeeFactory
    from schedules.tests.employee_support import coming_circular, coming_working_days

    circular = coming_circular(world.agency)
    day = coming_working_days(world.agency, 1)[0]

    def measure():
        user = User.objects.get(pk=getattr(world, actor).pk)  # a fresh actor cache
        get_actor(user)
        return count_queries(next_steps, user)[0]

    small = measure()
    for employee in EmployeeFactory.create_batch(25, unit=world.opd):
        AwayRequest.objects.create(employee=employee, circular=circular, day=day, mode="WFA")
    assert measure() == small
