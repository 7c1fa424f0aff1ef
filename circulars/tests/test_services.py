from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from circulars import services
from circulars.models import Circular, CircularEvent, CircularRead, Limit, Priority
from circulars.services import Draft, LimitRule, PriorityRule
from circulars.tests.circular_builders import draft_fields, make_draft, make_published
from organizations.models import Agency
from organizations.tests.factories import AgencyFactory, RegionFactory

MARCH = [(date(2025, 3, 24), date(2025, 3, 27))]


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def ministry(db):
    return AgencyFactory(code="kemenpan", short_name="KemenPAN-RB", level=Agency.Level.MINISTRY)


@pytest.mark.django_db
class TestCreateDraft:
    def test_saves_draft_with_windows_rows_and_history(self, world):
        region = RegionFactory()
        draft = Draft(
            fields=draft_fields(exempt_categories=["health"], exempt_roles=["treasurer"]),
            windows=MARCH,
            exempt_units=[world.other_opd],
            limits=[LimitRule("away_share", 25, unit=world.opd)],
            priorities=[PriorityRule(kind="domicile", regions=(region,))],
        )
        circular = services.create_draft(user=world.admin, agency=world.agency, draft=draft)
        assert circular.status == Circular.Status.DRAFT
        assert circular.created_by == world.admin
        assert [(w.start, w.end) for w in circular.windows.all()] == MARCH
        assert list(circular.exempt_units.all()) == [world.other_opd]
        assert Limit.objects.get(circular=circular).value == 25
        assert list(Priority.objects.get(circular=circular).regions.all()) == [region]
        assert circular.events.get().action == CircularEvent.Action.CREATED

    def test_draft_may_have_no_window_yet(self, world):
        circular = make_draft(world, windows=[])
        assert circular.windows.count() == 0

    def test_rejects_duplicate_number_in_same_agency(self, world):
        make_draft(world, number="SE-1")
        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, number="SE-1")
        assert "SE-1 sudah dipakai" in errors_of(excinfo)["number"][0]
        assert Circular.objects.count() == 1

    def test_same_number_in_another_agency_is_fine(self, world):
        make_draft(world, number="SE-1")
        make_draft(world, number="SE-1", agency=world.other_agency, user=world.other_admin)
        assert Circular.objects.count() == 2

    def test_rejects_body_with_script(self, world):
        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, body="Halo <script>alert(1)</script>")
        assert errors_of(excinfo)["body"] == ["Isi surat tidak boleh memuat skrip."]
        assert not Circular.objects.exists()

    def test_rejects_reversed_window(self, world):
        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, windows=[(date(2025, 3, 27), date(2025, 3, 24))])
        assert "terbalik" in errors_of(excinfo)["windows"][0]
        assert not Circular.objects.exists()

    def test_rejects_overlapping_windows(self, world):
        windows = [(date(2025, 3, 24), date(2025, 3, 27)), (date(2025, 3, 26), date(2025, 3, 28))]
        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, windows=windows)
        assert "bertumpang tindih" in errors_of(excinfo)["windows"][0]
        assert not Circular.objects.exists()

    @pytest.mark.parametrize("cap", [-1, 101, 250])
    def test_rejects_cap_outside_0_to_100(self, world, cap):
        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, cap_percent=cap)
        assert errors_of(excinfo)["cap_percent"] == ["Batas harus antara 0 dan 100 persen."]
        assert not Circular.objects.exists()

    def test_rejects_exempt_opd_of_another_agency(self, world):
        draft = Draft(fields=draft_fields(), windows=MARCH, exempt_units=[world.foreign_opd])
        with pytest.raises(ValidationError) as excinfo:
            services.create_draft(user=world.admin, agency=world.agency, draft=draft)
        assert "OPD instansi penerbit" in errors_of(excinfo)["exempt_units"][0]
        assert not Circular.objects.exists()

    def test_rejects_cap_override_above_general_cap(self, world):
        draft = Draft(
            fields=draft_fields(cap_percent=30),
            windows=MARCH,
            limits=[LimitRule("away_share", 40, category="health")],
        )
        with pytest.raises(ValidationError) as excinfo:
            services.create_draft(user=world.admin, agency=world.agency, draft=draft)
        assert "lebih rendah dari batas umum 30%" in errors_of(excinfo)["limits"][0]

    def test_rejects_window_outside_parent(self, world, ministry):
        parent = make_published(ministry, number="B/1/M.SM/2025")
        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, parent=parent, windows=[(date(2025, 3, 30), date(2025, 4, 2))])
        message = errors_of(excinfo)["windows"][0]
        assert "di luar masa berlaku SE induk B/1/M.SM/2025" in message
        assert not Circular.objects.exclude(pk=parent.pk).exists()

    def test_rejects_cap_above_parent(self, world, ministry):
        parent = make_published(ministry, number="B/1/M.SM/2025", cap=40)
        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, parent=parent, cap_percent=50)
        message = errors_of(excinfo)["cap_percent"][0]
        assert "Batas 50% melebihi batas SE induk B/1/M.SM/2025 (40%)" in message

    def test_child_that_narrows_its_parent_is_saved(self, world, ministry):
        parent = make_published(ministry, number="B/1/M.SM/2025", cap=50)
        circular = make_draft(world, parent=parent, cap_percent=30)
        assert circular.parent == parent

    def test_rejects_parent_of_same_or_lower_agency(self, world):
        sibling = make_published(world.other_agency, number="SE-B")
        own = make_published(world.agency, number="SE-A")
        for parent in (sibling, own):
            with pytest.raises(ValidationError) as excinfo:
                make_draft(world, parent=parent, number=f"X-{parent.pk}")
            assert "instansi yang lebih tinggi" in errors_of(excinfo)["parent"][0]

    def test_parent_of_ancestor_agency_is_allowed(self, world):
        province = AgencyFactory(code="pemprov", level=Agency.Level.PROVINCE)
        world.agency.parent = province
        world.agency.save()
        parent = make_published(province, number="SE-PROV")
        assert make_draft(world, parent=parent).parent == parent

    def test_rejects_non_pdf_upload(self, world):
        upload = SimpleUploadedFile("surat.pdf", b"MZ\x90 not a pdf", "application/pdf")
        draft = Draft(fields=draft_fields(), windows=MARCH, signed_pdf=upload)
        with pytest.raises(ValidationError) as excinfo:
            services.create_draft(user=world.admin, agency=world.agency, draft=draft)
        assert "Berkas bukan PDF" in errors_of(excinfo)["signed_pdf"][0]
        assert not Circular.objects.exists()

    def test_rejects_oversized_pdf(self, world):
        upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024))
        draft = Draft(fields=draft_fields(), windows=MARCH, signed_pdf=upload)
        with pytest.raises(ValidationError) as excinfo:
            services.create_draft(user=world.admin, agency=world.agency, draft=draft)
        assert "paling besar 10 MB" in errors_of(excinfo)["signed_pdf"][0]

    def test_stores_real_pdf(self, world, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        upload = SimpleUploadedFile("surat.pdf", b"%PDF-1.4\n%...", "application/pdf")
        draft = Draft(fields=draft_fields(), windows=MARCH, signed_pdf=upload)
        circular = services.create_draft(user=world.admin, agency=world.agency, draft=draft)
        assert circular.signed_pdf.name == f"circulars/{world.agency.pk}/{circular.pk}-signed.pdf"

    def test_rejects_work_end_before_start(self, world):
        from datetime import time

        with pytest.raises(ValidationError) as excinfo:
            make_draft(world, work_start=time(16), work_end=time(8))
        assert "work_end" in errors_of(excinfo)
        assert not Circular.objects.exists()


@pytest.mark.django_db
class TestUpdateDraft:
    def test_records_field_level_before_and_after(self, world):
        circular = make_draft(world, cap_percent=50)
        draft = Draft(
            fields=draft_fields(cap_percent=30, title="Judul baru"),
            windows=[(date(2025, 3, 24), date(2025, 3, 25))],
        )
        services.update_draft(user=world.admin, circular=circular, draft=draft)
        event = circular.events.get(action=CircularEvent.Action.UPDATED)
        assert event.actor == world.admin
        assert event.changes["cap_percent"] == {"before": 50, "after": 30}
        assert event.changes["title"]["after"] == "Judul baru"
        assert event.changes["windows"] == {
            "before": ["2025-03-24 – 2025-03-27"],
            "after": ["2025-03-24 – 2025-03-25"],
        }
        assert "number" not in event.changes
        circular.refresh_from_db()
        assert circular.cap_percent == 30

    def test_bad_update_changes_nothing(self, world):
        circular = make_draft(world, cap_percent=50)
        draft = Draft(fields=draft_fields(cap_percent=101), windows=[])
        with pytest.raises(ValidationError):
            services.update_draft(user=world.admin, circular=circular, draft=draft)
        circular.refresh_from_db()
        assert circular.cap_percent == 50
        assert circular.windows.count() == 1
        assert not circular.events.filter(action=CircularEvent.Action.UPDATED).exists()

    def test_published_circular_cannot_be_updated(self, world):
        circular = make_published(world.agency)
        with pytest.raises(ValidationError) as excinfo:
            services.update_draft(
                user=world.admin, circular=circular, draft=Draft(fields=draft_fields())
            )
        assert "tidak dapat diubah" in excinfo.value.messages[0]


@pytest.mark.django_db
class TestPublish:
    def test_publishes_draft_and_records_event(self, world):
        circular = make_draft(world)
        services.publish_circular(user=world.admin, circular=circular)
        circular.refresh_from_db()
        assert circular.status == Circular.Status.PUBLISHED
        assert circular.published_at is not None
        assert circular.events.filter(action=CircularEvent.Action.PUBLISHED).exists()

    def test_refuses_draft_without_window(self, world):
        circular = make_draft(world, windows=[])
        with pytest.raises(ValidationError) as excinfo:
            services.publish_circular(user=world.admin, circular=circular)
        assert "paling sedikit satu masa berlaku" in errors_of(excinfo)["windows"][0]
        circular.refresh_from_db()
        assert circular.status == Circular.Status.DRAFT

    def test_refuses_when_parent_was_revoked_since(self, world, ministry):
        parent = make_published(ministry, number="B/1")
        circular = make_draft(world, parent=parent)
        Circular.objects.filter(pk=parent.pk).update(status=Circular.Status.REVOKED)
        with pytest.raises(ValidationError) as excinfo:
            services.publish_circular(user=world.admin, circular=circular)
        assert "B/1 tidak berlaku lagi" in errors_of(excinfo)["parent"][0]

    def test_refuses_to_publish_twice(self, world):
        circular = make_draft(world)
        services.publish_circular(user=world.admin, circular=circular)
        with pytest.raises(ValidationError):
            services.publish_circular(user=world.admin, circular=circular)

    def test_publishing_amendment_supersedes_old_circular(self, world):
        old = make_published(world.agency, number="SE-LAMA")
        new = services.amend_circular(user=world.admin, circular=old)
        services.publish_circular(user=world.admin, circular=new)
        old.refresh_from_db()
        assert old.status == Circular.Status.SUPERSEDED
        event = old.events.get(action=CircularEvent.Action.SUPERSEDED)
        assert new.number in event.note

    def test_publishing_and_revoking_write_outbox_rows_with_the_change(self, world):
        from notifications.models import Kind, Notification

        circular = make_draft(world)
        assert not Notification.objects.exists()  # a draft tells nobody
        services.publish_circular(user=world.admin, circular=circular)
        published = Notification.objects.filter(kind=Kind.CIRCULAR_PUBLISHED)
        assert published.filter(recipient=world.head).exists()
        assert published.filter(recipient=world.employee_user).exists()
        assert not published.filter(recipient=world.foreign_head).exists()
        services.revoke_circular(user=world.admin, circular=circular, reason="Keliru")
        assert Notification.objects.filter(
            kind=Kind.CIRCULAR_REVOKED, recipient=world.head
        ).exists()
        actions = list(circular.events.order_by("pk").values_list("action", flat=True))
        assert actions == ["created", "published", "revoked"]


@pytest.mark.django_db
class TestAmend:
    def test_copies_everything_into_a_new_draft(self, world):
        region = RegionFactory()
        draft = Draft(
            fields=draft_fields(exempt_categories=["health"], weekly_limit=2),
            windows=MARCH,
            exempt_units=[world.opd],
            limits=[LimitRule("office_max_count", 5, category="education", start=MARCH[0][0])],
            priorities=[PriorityRule(kind="office", regions=(region,))],
        )
        old = services.create_draft(user=world.admin, agency=world.agency, draft=draft)
        services.publish_circular(user=world.admin, circular=old)
        new = services.amend_circular(user=world.admin, circular=old)
        assert new.status == Circular.Status.DRAFT
        assert new.amends == old
        assert new.number != old.number
        assert (new.title, new.weekly_limit, new.exempt_categories) == (old.title, 2, ["health"])
        assert [(w.start, w.end) for w in new.windows.all()] == MARCH
        assert list(new.exempt_units.all()) == [world.opd]
        copied = new.limits.get()
        assert (copied.shape, copied.value, copied.category, copied.start) == (
            "office_max_count",
            5,
            "education",
            MARCH[0][0],
        )
        assert list(new.priorities.get().regions.all()) == [region]
        assert old.events.filter(action=CircularEvent.Action.AMENDED).exists()
        old.refresh_from_db()
        assert old.status == Circular.Status.PUBLISHED

    def test_draft_cannot_be_amended(self, world):
        with pytest.raises(ValidationError):
            services.amend_circular(user=world.admin, circular=make_draft(world))


@pytest.mark.django_db
class TestRevoke:
    def test_requires_a_reason(self, world):
        circular = make_published(world.agency)
        with pytest.raises(ValidationError) as excinfo:
            services.revoke_circular(user=world.admin, circular=circular, reason="  ")
        assert errors_of(excinfo)["reason"] == ["Alasan pencabutan wajib diisi."]
        circular.refresh_from_db()
        assert circular.status == Circular.Status.PUBLISHED

    def test_revokes_with_reason_and_history(self, world):
        circular = make_published(world.agency)
        services.revoke_circular(user=world.admin, circular=circular, reason="Salah tanggal")
        circular.refresh_from_db()
        assert circular.status == Circular.Status.REVOKED
        assert circular.revoke_reason == "Salah tanggal"
        assert circular.revoked_at is not None
        assert circular.events.get(action=CircularEvent.Action.REVOKED).note == "Salah tanggal"


@pytest.mark.django_db
class TestMarkRead:
    def test_records_each_reader_once(self, world):
        circular = make_published(world.agency)
        services.mark_read(user=world.head, circular=circular)
        services.mark_read(user=world.head, circular=circular)
        assert CircularRead.objects.filter(circular=circular).count() == 1

    def test_draft_is_not_marked(self, world):
        services.mark_read(user=world.admin, circular=make_draft(world))
        assert not CircularRead.objects.exists()


def test_problem_messages_name_the_parent_for_every_narrowing_code():
    from circulars.narrowing import Problem

    codes = {
        "WINDOW_OUTSIDE_PARENT": {"start": date(2025, 1, 1), "end": date(2025, 1, 2)},
        "CAP_ABOVE_PARENT": {"cap": 60, "parent_cap": 50},
        "WEEKLY_LIMIT_ABOVE_PARENT": {"limit": None, "parent_limit": 2},
        "CATEGORY_EXEMPTION_DROPPED": {"missing": ["health"]},
        "ROLE_EXEMPTION_DROPPED": {"missing": ["treasurer"]},
        "ARRANGEMENT_WIDER": {},
    }
    for code, params in codes.items():
        message = services.problem_message(Problem(code, "x", {**params, "parent": "P/9"}))
        assert "P/9" in message, code


@pytest.mark.django_db
def test_too_long_number_is_a_field_error_not_a_crash(world):
    with pytest.raises(ValidationError) as excinfo:
        make_draft(world, number="9" * 150)
    assert "number" in errors_of(excinfo)
    assert not Circular.objects.exists()
