"""The pages of standing flexible work: who may open them (the allowed actor and every
forbidden one), the words they show, what a POST changes, and their query counts."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.urls import reverse

from organizations.tests.factories import EmployeeFactory
from schedules.roster.services import save_week
from standing import services as svc
from standing.models import Application, Arrangement, Recall, StandingPolicy
from wfa_portal.isoweek import monday_of

from .builders import criteria, make_policy, next_weekday

pytestmark = pytest.mark.django_db
D = date
FORBIDDEN = ["other_head", "foreign_head", "other_admin", "employee_user", None]


def actor(world, name):
    return None if name is None else getattr(world, name)


def assert_refused(response, name):
    if name is None:
        assert (
            response.status_code == 302
            and "/login" in response["Location"]
            or response.status_code == 302
        )
    else:
        assert response.status_code in (403, 404)


def submit(world, policy, **fields):
    return svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="Rumah jauh",
        targets=[svc.Target("Laporan mingguan", "Unggahan e-Kinerja")],
        weekdays=[4],
        start=D(2025, 10, 1),
        **fields,
    )


# --- BKPSDM's pages of the policy --------------------------------------------------------


def test_the_admin_drafts_publishes_and_ends(world, client_for):
    client = client_for(world.admin)
    url = reverse("standing:policy_new", args=[world.agency.pk])
    page = client.get(url)
    assert "Konsep kebijakan kerja fleksibel" in page.content.decode()
    post = {
        "number": "800/9/2026",
        "title": "Kerja fleksibel",
        "start": "2026-01-01",
        "weekly_limit": "2",
        "open_weekdays": ["4"],
        "cap_percent": "100",
        "excludes_sanctioned": "on",
        "new_employee_months": "12",
        "earliest_start": "07:00",
        "latest_start": "08:30",
        "weekly_hours": "37.5",
        "ramadan_hours": "32.5",
        "limits-TOTAL_FORMS": "1",
        "limits-INITIAL_FORMS": "0",
        "limits-0-weekdays": ["4"],
        "limits-0-shape": "away_share",
        "limits-0-value": "75",
        "shifts-TOTAL_FORMS": "1",
        "shifts-INITIAL_FORMS": "0",
        "shifts-0-name": "pagi",
        "shifts-0-start": "07:00",
        "shifts-0-end": "15:30",
        "shifts-0-break_minutes": "60",
    }
    response = client.post(url, post)
    policy = StandingPolicy.objects.get()
    assert response.status_code == 302
    assert policy.open_weekdays == [4] and policy.weekly_minutes == 2250
    assert list(policy.limits.values_list("shape", "value", "weekdays")) == [
        ("away_share", 75, [4])
    ]
    detail = client.get(reverse("standing:policy", args=[policy.pk])).content.decode()
    assert "Jumat" in detail and "Konsep" in detail and "37.5 jam" in detail
    client.post(reverse("standing:policy_publish", args=[policy.pk]))
    assert StandingPolicy.objects.get().status == "published"
    client.post(
        reverse("standing:policy_end", args=[policy.pk]),
        {"end": "2026-06-30", "reason": "Evaluasi"},
    )
    policy.refresh_from_db()
    assert policy.status == "ended" and policy.end == D(2026, 6, 30)


def test_a_bad_policy_form_says_why_and_saves_nothing(world, client_for):
    client = client_for(world.admin)
    url = reverse("standing:policy_new", args=[world.agency.pk])
    response = client.post(
        url,
        {
            "number": "1",
            "title": "x",
            "start": "2026-01-01",
            "weekly_limit": "2",
            "open_weekdays": [],
            "cap_percent": "100",
            "earliest_start": "09:00",
            "latest_start": "08:00",
            "weekly_hours": "37.5",
            "ramadan_hours": "32.5",
            "limits-TOTAL_FORMS": "0",
            "limits-INITIAL_FORMS": "0",
            "shifts-TOTAL_FORMS": "0",
            "shifts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Bidang ini harus diisi." in text
    assert "Jam mulai paling lambat harus sesudah jam mulai paling awal." in text
    assert not StandingPolicy.objects.exists()


@pytest.mark.parametrize("name", ["head", "other_admin", "employee_user", "inspector", None])
def test_only_the_agencys_admin_reaches_the_policy(world, client_for, name):
    policy = make_policy(world)
    client = client_for(actor(world, name))
    for url in (
        reverse("standing:policy", args=[policy.pk]),
        reverse("standing:policies", args=[world.agency.pk]),
        reverse("standing:policy_new", args=[world.agency.pk]),
    ):
        assert_refused(client.get(url), name)
    assert_refused(
        client.post(
            reverse("standing:policy_end", args=[policy.pk]), {"end": "2026-01-01", "reason": "x"}
        ),
        name,
    )
    assert StandingPolicy.objects.get().status == "published"


def test_the_public_page_shows_a_published_policy_only(world, client):
    policy = make_policy(world)
    draft = make_policy(world, number="DRAFT/1", publish=False)
    page = client.get(reverse("standing:public_policy", args=[policy.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "Jumat" in text and "2 hari kerja per minggu" in text
    assert "Permen PANRB Nomor 4 Tahun 2025" in text
    assert client.get(reverse("standing:public_policy", args=[draft.pk])).status_code == 404
    assert client.get(reverse("standing:public_policy", args=[999999])).status_code == 404


# --- the employee ---------------------------------------------------------------------------


def test_the_employee_applies_with_a_work_plan(world, client_for):
    make_policy(world)
    client = client_for(world.employee_user)
    assert "Ajukan kerja fleksibel" in client.get(reverse("standing:mine")).content.decode()
    response = client.post(
        reverse("standing:apply"),
        {
            "kind": "arrangement",
            "weekdays": ["4"],
            "place": "home",
            "reason": "Jarak rumah 40 km",
            "targets-TOTAL_FORMS": "3",
            "targets-INITIAL_FORMS": "0",
            "targets-0-target": "Menyusun 2 laporan analisis",
            "targets-0-evidence_of_done": "Laporan diunggah di e-Kinerja",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.employee == world.employee and application.weekdays == [4]
    assert application.targets.get().evidence_of_done == "Laporan diunggah di e-Kinerja"
    assert "Menunggu keputusan" in client.get(reverse("standing:mine")).content.decode()


def test_an_application_on_a_closed_day_is_refused_with_the_engines_words(world, client_for):
    make_policy(world)
    response = client_for(world.employee_user).post(
        reverse("standing:apply"),
        {
            "kind": "arrangement",
            "weekdays": ["0"],
            "place": "home",
            "reason": "x",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-target": "t",
            "targets-0-evidence_of_done": "b",
        },
    )
    assert response.status_code == 400
    assert "Hari Senin tidak dibuka untuk bekerja di luar kantor" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("name", ["head", "admin", None])
def test_the_employee_pages_are_the_employees(world, client_for, name):
    make_policy(world)
    client = client_for(actor(world, name))
    assert_refused(client.get(reverse("standing:mine")), name)
    assert_refused(client.get(reverse("standing:apply")), name)


# --- the head ---------------------------------------------------------------------------------


def test_the_head_approves_with_the_criteria_ticked(world, client_for):
    policy = make_policy(world)
    application = submit(world, policy)
    client = client_for(world.head)
    queue = client.get(reverse("standing:queue", args=[world.opd.pk])).content.decode()
    assert world.employee.name in queue and "Permohonan menunggu keputusan" in queue
    url = reverse("standing:application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Laporan mingguan" in page and "Unggahan e-Kinerja" in page
    refused = client.post(url, {"decision": "approve", "ict_doable": "on"})
    assert refused.status_code == 400 and "keempat kriteria tugas" in refused.content.decode()
    ticked = {k: "on" for k, v in criteria().items()}
    assert client.post(url, {"decision": "approve", **ticked}).status_code == 302
    assert Arrangement.objects.get().weekdays == [4]
    assert Application.objects.get().status == "approved"


@pytest.mark.parametrize("name", FORBIDDEN)
def test_nobody_else_decides(world, client_for, name):
    policy = make_policy(world)
    application = submit(world, policy)
    client = client_for(actor(world, name))
    url = reverse("standing:application", args=[application.pk])
    assert_refused(client.get(url), name)
    assert_refused(client.post(url, {"decision": "reject", "note": "x"}), name)
    assert_refused(client.get(reverse("standing:queue", args=[world.opd.pk])), name)
    assert Application.objects.get().status == "pending"


def test_the_heads_own_application_is_not_in_their_queue(world, client_for):
    policy = make_policy(world)
    mine = EmployeeFactory(unit=world.opd, user=world.head)
    application = svc.submit_application(
        employee=mine, policy=policy, reason="x", targets=[svc.Target("t", "b")], weekdays=[4]
    )
    client = client_for(world.head)
    assert (
        mine.name not in client.get(reverse("standing:queue", args=[world.opd.pk])).content.decode()
    )
    assert client.get(reverse("standing:application", args=[application.pk])).status_code == 404
    admin = client_for(world.admin)
    assert (
        mine.name
        in admin.get(reverse("standing:agency_queue", args=[world.agency.pk])).content.decode()
    )


def test_the_head_sets_an_arrangement_directly(world, client_for):
    make_policy(world, start=D(2025, 1, 1))
    client = client_for(world.head)
    url = reverse("standing:arrangement", args=[world.opd.pk, world.employee.pk])
    ticked = dict.fromkeys(criteria(), "on")
    response = client.post(url, {"eligible": "on", "weekdays": ["4"], "place": "home", **ticked})
    assert response.status_code == 302
    assert Arrangement.objects.get(employee=world.employee).decided_by == world.head
    assert client_for(world.other_head).get(url).status_code == 404


def recall_ready(world):
    make_policy(world)
    friday = next_weekday(4)
    save_week(
        opd=world.opd,
        week_start=monday_of(friday),
        cells={(world.employee.pk, friday): "WFA"},
        actor=world.head,
    )
    return friday


def test_the_head_recalls_everyone_away_and_the_employee_confirms(world, client_for):
    friday = recall_ready(world)
    head = client_for(world.head)
    head.post(
        reverse("standing:recall_create", args=[world.opd.pk]),
        {"employee": "", "day": friday.isoformat(), "at": "09:00", "reason": "Kunjungan kerja"},
    )
    recall = Recall.objects.get()
    assert recall.employee == world.employee
    employee = client_for(world.employee_user)
    page = employee.get(reverse("standing:recall", args=[recall.pk])).content.decode()
    assert "Anda dipanggil ke kantor" in page and "Kunjungan kerja" in page and "09:00" in page
    employee.post(reverse("standing:recall", args=[recall.pk]))
    assert Recall.objects.get().confirmed_at is not None
    queue = (
        client_for(world.head).get(reverse("standing:queue", args=[world.opd.pk])).content.decode()
    )
    assert "Pemanggilan: 1, dikonfirmasi: 1" in queue
    board = client_for(world.admin).get(reverse("standing:agency_queue", args=[world.agency.pk]))
    assert "Kunjungan kerja" in board.content.decode()


@pytest.mark.parametrize(
    "name", ["other_head", "foreign_head", "other_admin", "employee_user", None]
)
def test_nobody_else_recalls(world, client_for, name):
    friday = recall_ready(world)
    client = client_for(actor(world, name))
    response = client.post(
        reverse("standing:recall_create", args=[world.opd.pk]),
        {
            "employee": str(world.employee.pk),
            "day": friday.isoformat(),
            "at": "09:00",
            "reason": "x",
        },
    )
    assert_refused(response, name)
    assert not Recall.objects.exists()


def test_a_recall_is_seen_by_its_employee_only(world, client_for):
    friday = recall_ready(world)
    [recall] = svc.recall(
        employees=[world.employee], day=friday, at=time(9, 0), reason="x", actor=world.head
    )
    for name in ["head", "admin", "other_head", None]:
        assert_refused(
            client_for(actor(world, name)).get(reverse("standing:recall", args=[recall.pk])), name
        )


# --- query counts ----------------------------------------------------------------------------


def test_the_queue_costs_the_same_queries_with_more_staff(world, client_for, count_queries):
    policy = make_policy(world, start=D(2025, 1, 1))
    client = client_for(world.head)
    url = reverse("standing:queue", args=[world.opd.pk])

    def grow(n):
        for _ in range(n):
            e = EmployeeFactory(unit=world.opd)
            svc.decide_arrangement(
                employee=e,
                policy=policy,
                data=svc.ArrangementData(eligible=True, weekdays=[4], **criteria()),
                actor=world.head,
            )
            svc.submit_application(
                employee=e, policy=policy, reason="x", targets=[svc.Target("t", "b")], weekdays=[4]
            )

    grow(1)
    small, _ = count_queries(client.get, url)
    grow(4)
    large, response = count_queries(client.get, url)
    assert large == small
    assert response.content.decode().count("/kerja-fleksibel/permohonan/") == 5


def test_the_employee_page_costs_the_same_queries(world, client_for, count_queries):
    policy = make_policy(world)
    client = client_for(world.employee_user)
    submit(world, policy)
    small, _ = count_queries(client.get, reverse("standing:mine"))
    Application.objects.update(status="rejected")
    submit(world, policy)
    large, _ = count_queries(client.get, reverse("standing:mine"))
    assert large == small


def test_the_agency_board_costs_the_same_queries(world, client_for, count_queries):
    friday = recall_ready(world)
    client = client_for(world.admin)
    url = reverse("standing:agency_queue", args=[world.agency.pk])
    svc.recall(employees=[world.employee], day=friday, at=time(9, 0), reason="x", actor=world.head)
    small, _ = count_queries(client.get, url)
    others = [EmployeeFactory(unit=world.opd) for _ in range(3)]
    svc.recall(employees=others, day=friday, at=time(9, 0), reason="y", actor=world.head)
    large, _ = count_queries(client.get, url)
    assert large == small


# --- hours ----------------------------------------------------------------------------------


def test_the_employee_sees_the_weeks_hours(world, client_for):
    policy = make_policy(world, start=D(2025, 1, 1))
    svc.decide_arrangement(
        employee=world.employee,
        policy=policy,
        data=svc.ArrangementData(
            eligible=True, weekdays=[4], start=D(2025, 1, 1), start_time=time(8, 0), **criteria()
        ),
        actor=world.head,
    )
    page = client_for(world.employee_user).get(reverse("standing:mine")).content.decode()
    assert 'data-testid="my-week"' in page
    assert "08:00–16:30" in page
    assert "Jam kerja direncanakan" in page and "jam yang wajib dipenuhi minggu ini" in page


def test_a_shift_pattern_that_cannot_reach_the_hours_is_warned(world, client_for):
    from standing.models import Arrangement, StandingShift

    policy = make_policy(world, start=D(2025, 1, 1))
    svc.decide_arrangement(
        employee=world.employee,
        policy=policy,
        data=svc.ArrangementData(eligible=True, weekdays=[4], start=D(2025, 1, 1), **criteria()),
        actor=world.head,
    )
    # A shift shortened after the decision (the policy's shifts were edited as a draft).
    short = StandingShift.objects.create(
        policy=policy, name="pendek", start=time(8, 0), end=time(14, 0), break_minutes=30
    )
    Arrangement.objects.update(shift=short)
    page = client_for(world.employee_user).get(reverse("standing:mine")).content.decode()
    assert "hanya mencapai 27.5 jam seminggu, kurang dari 37.5 jam" in page


@pytest.mark.parametrize(
    ("name", "target"),
    [("admin", "kebijakan"), ("head", "/opd/"), ("employee_user", "/saya/")],
)
def test_the_navigation_entry_leads_each_role_to_its_page(world, client_for, name, target):
    client = client_for(actor(world, name))
    home = client.get("/").content.decode()
    assert 'data-testid="nav-standing"' in home and "Kerja fleksibel" in home
    response = client.get(reverse("standing:index"))
    assert response.status_code == 302 and target in response["Location"]


def test_the_navigation_entry_is_refused_without_a_role(world, client_for):
    from organizations.tests.factories import UserFactory

    client = client_for(UserFactory(username="tanpa_peran"))
    assert client.get(reverse("standing:index")).status_code == 403
    assert client_for(None).get(reverse("standing:index")).status_code == 302


def test_the_public_pdf_of_a_published_policy(world, client):
    policy = make_policy(world)
    draft = make_policy(world, number="DRAFT/2", publish=False)
    response = client.get(reverse("standing:public_policy_pdf", args=[policy.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get(reverse("standing:public_policy_pdf", args=[draft.pk])).status_code == 404


def test_an_evidence_file_must_be_a_pdf_or_a_photo(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_policy(world)
    client = client_for(world.employee_user)
    post = {
        "kind": "arrangement",
        "weekdays": ["4"],
        "place": "home",
        "reason": "x",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-target": "t",
        "targets-0-evidence_of_done": "b",
    }
    bad = SimpleUploadedFile("surat.txt", b"bukan pdf", content_type="text/plain")
    response = client.post(reverse("standing:apply"), {**post, "evidence": bad})
    assert response.status_code == 400
    assert "Berkas harus PDF, JPG atau PNG." in response.content.decode()
    assert not Application.objects.exists()
    good = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 isi", content_type="application/pdf")
    assert client.post(reverse("standing:apply"), {**post, "evidence": good}).status_code == 302
    assert Application.objects.get().evidence.name.endswith("surat.pdf")


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("head", True),
        ("admin", True),
        ("employee_user", True),
        ("other_head", False),
        ("other_admin", False),
        ("foreign_head", False),
        (None, False),
    ],
)
def test_the_evidence_file_reaches_its_deciders_and_its_employee(world, client_for, name, allowed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    policy = make_policy(world)
    row = submit(
        world, policy, evidence=SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 x", "application/pdf")
    )
    response = client_for(actor(world, name)).get(reverse("standing:evidence", args=[row.pk]))
    if allowed:
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 x"
    else:
        assert_refused(response, name)
