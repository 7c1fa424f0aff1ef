import re
from datetime import date

import pytest
from django.urls import reverse

from circulars import services
from circulars.models import Circular, CircularEvent, CircularRead
from circulars.tests.circular_builders import form_data, make_draft, make_published
from organizations.models import ServiceCategory
from organizations.tests.factories import EmployeeFactory, UnitFactory

LIST = reverse("circulars:list")
CREATE = reverse("circulars:create")
PREVIEW = reverse("circulars:preview")


def url(name, circular):
    return reverse(f"circulars:{name}", args=[circular.pk])


def text(response) -> str:
    return response.content.decode()


def limit_rows(body: str) -> dict[str, dict[str, str]]:
    """The preview table's rows by OPD code: cap, limit, exempt."""
    pattern = r'data-opd="([^"]+)" data-cap="(\d+)" data-limit="(\d+)" data-exempt="([01])"'
    return {
        code: {"cap": cap, "limit": limit, "exempt": exempt}
        for code, cap, limit, exempt in re.findall(pattern, body)
    }


@pytest.mark.django_db
class TestList:
    def test_anonymous_is_sent_to_login(self, client_for, world):
        response = client_for(None).get(LIST)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_employee_sees_published_but_not_drafts(self, client_for, world):
        make_published(world.agency, number="SE-TERBIT")
        make_draft(world, number="SE-DRAF")
        body = text(client_for(world.employee_user).get(LIST))
        assert "SE-TERBIT" in body
        assert "SE-DRAF" not in body

    def test_admin_sees_own_drafts_only(self, client_for, world):
        make_draft(world, number="SE-DRAF-A")
        make_draft(world, number="SE-DRAF-B", agency=world.other_agency, user=world.other_admin)
        body = text(client_for(world.admin).get(LIST))
        assert "SE-DRAF-A" in body
        assert "SE-DRAF-B" not in body
        assert 'data-testid="new-circular"' in body

    def test_head_gets_no_create_button(self, client_for, world):
        body = text(client_for(world.head).get(LIST))
        assert 'data-testid="new-circular"' not in body

    def test_filters_by_status_agency_year_and_search(self, client_for, world):
        make_published(world.agency, number="SE-A-2025", title="Mudik")
        make_published(
            world.other_agency,
            number="SE-B-2023",
            title="Polusi udara",
            windows=[(date(2023, 8, 28), date(2023, 9, 28))],
        )
        make_draft(world, number="SE-A-DRAF")
        client = client_for(world.admin)
        assert "SE-A-DRAF" not in text(client.get(LIST, {"status": "in_force"}))
        by_agency = text(client.get(LIST, {"agency": world.other_agency.pk}))
        assert "SE-B-2023" in by_agency and "SE-A-2025" not in by_agency
        by_year = text(client.get(LIST, {"year": "2023"}))
        assert "SE-B-2023" in by_year and "SE-A-2025" not in by_year
        by_search = text(client.get(LIST, {"q": "polusi"}))
        assert "SE-B-2023" in by_search and "SE-A-2025" not in by_search

    def test_in_force_filter_hides_past_circulars(self, client_for, world):
        make_published(
            world.agency, number="SE-LALU", windows=[(date(2020, 1, 1), date(2020, 1, 2))]
        )
        make_published(
            world.agency, number="SE-KINI", windows=[(date(2099, 1, 1), date(2099, 1, 2))]
        )
        body = text(client_for(world.head).get(LIST, {"in_force": "on"}))
        assert "SE-KINI" in body and "SE-LALU" not in body

    def test_garbage_filters_do_not_break_the_page(self, client_for, world):
        response = client_for(world.head).get(LIST, {"year": "abc", "agency": "x", "page": "9"})
        assert response.status_code == 200

    def test_htmx_request_gets_only_the_results(self, client_for, world):
        make_published(world.agency, number="SE-TERBIT")
        response = client_for(world.head).get(LIST, HTTP_HX_REQUEST="true")
        body = text(response)
        assert 'id="circular-results"' in body
        assert "SE-TERBIT" in body
        assert "<html" not in body
        assert "<html" in text(client_for(world.head).get(LIST))

    def test_post_is_not_allowed(self, client_for, world):
        assert client_for(world.admin).post(LIST).status_code == 405

    def test_query_count_does_not_grow_with_circulars(self, client_for, world, count_queries):
        client = client_for(world.admin)
        make_published(world.agency, number="SE-0")
        small, _ = count_queries(client.get, LIST)
        for n in range(1, 20):
            make_published(world.agency, number=f"SE-{n}")
        large, response = count_queries(client.get, LIST)
        assert "SE-19" in text(response)
        assert small == large <= 12


@pytest.mark.django_db
class TestDetail:
    def test_shows_summary_calendar_limits_and_records_reading(self, client_for, world):
        world.other_opd.category = ServiceCategory.HEALTH
        world.other_opd.save()
        circular = make_published(
            world.agency,
            number="SE-1",
            windows=[(date(2025, 3, 24), date(2025, 3, 27))],
            exempt_categories=["health"],
            exempt_roles=["treasurer"],
        )
        response = client_for(world.head).get(url("detail", circular))
        body = text(response)
        assert (
            "WFA 24–27 Maret 2025, paling banyak 50% pegawai per OPD per hari; "
            "dikecualikan: layanan Kesehatan, Bendahara" in body
        )
        assert "Maret 2025" in body and 'data-testid="calendar"' in body
        limits = {row.opd: row for row in response.context["limits"]}
        assert limits[world.opd].headcount == 2
        assert limits[world.opd].daily_limit == 1
        assert limits[world.other_opd].exempt
        assert "layanan Kesehatan wajib bekerja di kantor" in body
        assert CircularRead.objects.filter(circular=circular, user=world.head).exists()
        assert 'data-testid="reads"' not in body  # only BKPSDM sees who has read it

    def test_admin_sees_who_has_read_it_and_history(self, client_for, world):
        circular = make_draft(world)
        services.publish_circular(user=world.admin, circular=circular)
        client_for(world.head).get(url("detail", circular))
        body = text(client_for(world.admin).get(url("detail", circular)))
        assert "Dibaca 2 akun" in body
        assert world.head.username in body or world.head.get_full_name() in body
        assert "Diterbitkan" in body and "Dibuat" in body

    def test_superseded_circular_names_its_replacement(self, client_for, world):
        old = make_published(world.agency, number="SE-LAMA")
        new = services.amend_circular(user=world.admin, circular=old)
        services.publish_circular(user=world.admin, circular=new)
        body = text(client_for(world.employee_user).get(url("detail", old)))
        assert f"diganti oleh SE {new.number}" in body

    def test_revoked_circular_shows_reason(self, client_for, world):
        circular = make_published(world.agency)
        services.revoke_circular(user=world.admin, circular=circular, reason="Salah ketik tanggal")
        body = text(client_for(world.head).get(url("detail", circular)))
        assert 'data-testid="banner-revoked"' in body
        assert "Salah ketik tanggal" in body

    def test_body_is_rendered_markdown_without_unsafe_html(self, client_for, world):
        circular = make_published(world.agency, body="**Penting** <img src=x onerror=alert(1)>")
        body = text(client_for(world.head).get(url("detail", circular)))
        assert "<strong>Penting</strong>" in body
        assert "onerror" not in body

    @pytest.mark.parametrize("actor", ["head", "employee_user", "other_admin", "inspector"])
    def test_draft_is_hidden_from_everyone_but_its_admins(self, client_for, world, actor):
        circular = make_draft(world)
        assert client_for(getattr(world, actor)).get(url("detail", circular)).status_code == 404

    def test_published_is_readable_by_other_agency_admin(self, client_for, world):
        circular = make_published(world.agency)
        assert client_for(world.other_admin).get(url("detail", circular)).status_code == 200

    def test_anonymous_is_sent_to_login(self, client_for, world):
        circular = make_published(world.agency)
        response = client_for(None).get(url("detail", circular))
        assert response.status_code == 302
        assert not CircularRead.objects.exists()

    def test_query_count_does_not_grow_with_opds_or_staff(self, client_for, world, count_queries):
        circular = make_published(world.agency)
        client = client_for(world.admin)
        small, _ = count_queries(client.get, url("detail", circular))
        for n in range(28):
            opd = UnitFactory(agency=world.agency, code=f"opd-extra-{n}")
            EmployeeFactory.create_batch(3, unit=opd)
        EmployeeFactory.create_batch(100, unit=world.opd)
        large, response = count_queries(client.get, url("detail", circular))
        assert len(response.context["limits"]) == 30
        assert small == large <= 20


@pytest.mark.django_db
class TestCreate:
    def test_admin_creates_a_draft(self, client_for, world):
        client = client_for(world.admin)
        assert client.get(CREATE).status_code == 200
        response = client.post(CREATE, form_data())
        circular = Circular.objects.get()
        assert response.status_code == 302
        assert response["Location"] == url("detail", circular)
        assert circular.agency == world.agency
        assert circular.status == Circular.Status.DRAFT
        assert [(w.start, w.end) for w in circular.windows.all()] == [
            (date(2025, 3, 24), date(2025, 3, 25))
        ]

    @pytest.mark.parametrize("actor", ["head", "employee_user", "inspector", "operator"])
    def test_non_admins_are_refused(self, client_for, world, actor):
        client = client_for(getattr(world, actor))
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, form_data()).status_code == 403
        assert not Circular.objects.exists()

    def test_anonymous_is_sent_to_login(self, client_for, world):
        response = client_for(None).post(CREATE, form_data())
        assert response.status_code == 302
        assert not Circular.objects.exists()

    def test_admin_of_two_agencies_picks_the_issuer(self, client_for, world):
        from organizations.models import Role

        Role.objects.create(user=world.admin, kind="bkpsdm_admin", agency=world.other_agency)
        client = client_for(world.admin)
        page = text(client.get(CREATE, {"agency": world.other_agency.pk}))
        assert 'data-testid="agency-switch"' in page
        client.post(CREATE, form_data(agency=str(world.other_agency.pk)))
        assert Circular.objects.get().agency == world.other_agency

    def test_admin_cannot_draft_for_another_agency(self, client_for, world):
        client = client_for(world.admin)
        response = client.post(CREATE, form_data(agency=str(world.other_agency.pk)))
        assert response.status_code == 403
        assert not Circular.objects.exists()

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"windows-0-end": "2025-03-20"}, "end", "sebelum tanggal mulai"),
            ({"cap_percent": "120"}, "cap_percent", "antara 0 dan 100"),
            ({"body": "<script>alert(1)</script>"}, "body", "tidak boleh memuat skrip"),
        ],
    )
    def test_bad_input_shows_field_error_and_saves_nothing(
        self, client_for, world, overrides, field, message
    ):
        response = client_for(world.admin).post(CREATE, form_data(**overrides))
        assert response.status_code == 400
        assert message in text(response)
        assert not Circular.objects.exists()

    def test_overlapping_windows_error_is_shown_at_the_windows(self, client_for, world):
        data = form_data(**{"windows-1-start": "2025-03-25", "windows-1-end": "2025-03-28"})
        body = text(client_for(world.admin).post(CREATE, data))
        assert 'data-testid="windows-error"' in body
        assert "bertumpang tindih" in body
        assert not Circular.objects.exists()

    def test_duplicate_number_is_a_field_error(self, client_for, world):
        make_draft(world, number="800/1-BKPSDM/2025")
        response = client_for(world.admin).post(CREATE, form_data())
        assert "800/1-BKPSDM/2025 sudah dipakai" in text(response)
        assert response.context["form"].errors["number"]
        assert Circular.objects.count() == 1

    def test_exempt_opd_of_another_agency_is_a_field_error(self, client_for, world):
        data = form_data(exempt_units=[str(world.foreign_opd.pk)])
        response = client_for(world.admin).post(CREATE, data)
        assert response.context["form"].errors["exempt_units"] == [
            "OPD yang dipilih bukan OPD instansi penerbit."
        ]
        assert not Circular.objects.exists()

    def test_window_outside_parent_names_the_parent(self, client_for, world):
        from organizations.models import Agency
        from organizations.tests.factories import AgencyFactory

        ministry = AgencyFactory(code="kemenpan", level=Agency.Level.MINISTRY)
        parent = make_published(ministry, number="B/9/M.SM/2025")
        data = form_data(parent=str(parent.pk), **{"windows-0-end": "2025-04-10"})
        body = text(client_for(world.admin).post(CREATE, data))
        assert "di luar masa berlaku SE induk B/9/M.SM/2025" in body
        assert Circular.objects.count() == 1

    def test_non_pdf_upload_is_a_field_error(self, client_for, world):
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = form_data(signed_pdf=SimpleUploadedFile("surat.pdf", b"<html>bukan pdf</html>"))
        response = client_for(world.admin).post(CREATE, data)
        assert "Berkas bukan PDF" in response.context["form"].errors["signed_pdf"][0]
        assert not Circular.objects.exists()

    def test_rows_of_caps_and_priorities_are_saved(self, client_for, world):
        from organizations.tests.factories import RegionFactory

        region = RegionFactory()
        data = form_data(
            **{
                "limits-0-shape": "away_share",
                "limits-0-category": "health",
                "limits-0-value": "10",
                "priorities-0-kind": "domicile",
                "priorities-0-regions": [str(region.pk)],
            }
        )
        assert client_for(world.admin).post(CREATE, data).status_code == 302
        circular = Circular.objects.get()
        assert str(circular.limits.get()) == (
            "Paling banyak 10% pegawai di luar kantor (layanan Kesehatan)"
        )
        assert list(circular.priorities.get().regions.all()) == [region]

    def test_priority_without_region_is_a_field_error(self, client_for, world):
        response = client_for(world.admin).post(
            CREATE, form_data(**{"priorities-0-kind": "office"})
        )
        assert response.context["bundle"].priorities.forms[0].errors["regions"]
        assert not Circular.objects.exists()

    def test_put_is_not_allowed(self, client_for, world):
        assert client_for(world.admin).put(CREATE).status_code == 405


@pytest.mark.django_db
class TestEdit:
    def test_admin_edits_draft_and_history_records_it(self, client_for, world):
        circular = make_draft(world, number="800/1-BKPSDM/2025")
        client = client_for(world.admin)
        assert client.get(url("edit", circular)).status_code == 200
        response = client.post(url("edit", circular), form_data(cap_percent="30"))
        assert response.status_code == 302
        circular.refresh_from_db()
        assert circular.cap_percent == 30
        event = circular.events.get(action=CircularEvent.Action.UPDATED)
        assert event.changes["cap_percent"] == {"before": 50, "after": 30}
        history = text(client.get(url("detail", circular)))
        assert "Batas pegawai di luar kantor (%)</span>: 50 → 30" in history

    def test_edit_form_shows_existing_windows(self, client_for, world):
        circular = make_draft(world)
        body = text(client_for(world.admin).get(url("edit", circular)))
        assert 'value="2025-03-24"' in body and 'value="2025-03-27"' in body

    def test_published_circular_answers_with_a_message(self, client_for, world):
        circular = make_published(world.agency, title="Asli")
        client = client_for(world.admin)
        response = client.post(url("edit", circular), form_data(title="Diubah"), follow=True)
        assert "tidak dapat diubah" in text(response)
        circular.refresh_from_db()
        assert circular.title == "Asli"

    @pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user", "inspector"])
    def test_others_get_404(self, client_for, world, actor):
        circular = make_draft(world, title="Asli")
        client = client_for(getattr(world, actor))
        assert client.get(url("edit", circular)).status_code == 404
        assert client.post(url("edit", circular), form_data(title="X")).status_code == 404
        circular.refresh_from_db()
        assert circular.title == "Asli"


@pytest.mark.django_db
class TestPreview:
    def test_htmx_preview_shows_each_opd_of_the_agency(self, client_for, world):
        data = form_data(cap_percent="50", exempt_units=[str(world.other_opd.pk)])
        response = client_for(world.admin).post(PREVIEW, data, HTTP_HX_REQUEST="true")
        body = text(response)
        assert "<html" not in body
        assert 'data-testid="preview"' in body
        rows = limit_rows(body)
        assert set(rows) == {"diskominfo", "bappeda"}
        assert rows["diskominfo"] == {"cap": "50", "limit": "1", "exempt": "0"}  # 50% of 2
        assert rows["bappeda"]["exempt"] == "1"
        assert world.foreign_opd.name not in body

    def test_preview_applies_cap_overrides(self, client_for, world):
        data = form_data(
            **{
                "limits-0-shape": "away_share",
                "limits-0-unit": str(world.opd.pk),
                "limits-0-value": "0",
            }
        )
        response = client_for(world.admin).post(PREVIEW, data, HTTP_HX_REQUEST="true")
        assert limit_rows(text(response))["diskominfo"]["cap"] == "0"

    def test_without_htmx_preview_is_a_full_page(self, client_for, world):
        body = text(client_for(world.admin).post(PREVIEW, form_data()))
        assert "<html" in body and 'data-testid="preview"' in body

    def test_preview_saves_nothing(self, client_for, world):
        client_for(world.admin).post(PREVIEW, form_data())
        assert not Circular.objects.exists()

    def test_get_is_not_allowed(self, client_for, world):
        assert client_for(world.admin).get(PREVIEW).status_code == 405

    def test_non_admin_is_refused(self, client_for, world):
        assert client_for(world.head).post(PREVIEW, form_data()).status_code == 403

    def test_other_admin_cannot_preview_our_draft(self, client_for, world):
        circular = make_draft(world)
        data = form_data(circular=str(circular.pk))
        assert client_for(world.other_admin).post(PREVIEW, data).status_code == 404


@pytest.mark.django_db
class TestPublishView:
    def test_get_shows_confirmation_and_post_publishes(self, client_for, world):
        circular = make_draft(world)
        client = client_for(world.admin)
        confirm = client.get(url("publish", circular))
        assert 'data-testid="confirm"' in text(confirm)
        circular.refresh_from_db()
        assert circular.status == Circular.Status.DRAFT
        response = client.post(url("publish", circular), follow=True)
        assert "diterbitkan dan berlaku" in text(response)
        circular.refresh_from_db()
        assert circular.status == Circular.Status.PUBLISHED

    def test_refusal_lists_problems_with_field_names(self, client_for, world):
        circular = make_draft(world, windows=[])
        body = text(client_for(world.admin).post(url("publish", circular)))
        assert "Masa berlaku:" in body
        assert "paling sedikit satu masa berlaku" in body
        circular.refresh_from_db()
        assert circular.status == Circular.Status.DRAFT

    @pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user"])
    def test_others_get_404(self, client_for, world, actor):
        circular = make_draft(world)
        assert client_for(getattr(world, actor)).post(url("publish", circular)).status_code == 404
        circular.refresh_from_db()
        assert circular.status == Circular.Status.DRAFT

    def test_anonymous_is_sent_to_login(self, client_for, world):
        circular = make_draft(world)
        assert client_for(None).post(url("publish", circular)).status_code == 302
        circular.refresh_from_db()
        assert circular.status == Circular.Status.DRAFT

    def test_delete_is_not_allowed(self, client_for, world):
        circular = make_draft(world)
        assert client_for(world.admin).delete(url("publish", circular)).status_code == 405


@pytest.mark.django_db
class TestAmendView:
    def test_post_creates_amendment_and_opens_its_form(self, client_for, world):
        old = make_published(world.agency, number="SE-LAMA")
        client = client_for(world.admin)
        assert "Ubah SE SE-LAMA" in text(client.get(url("amend", old)))
        response = client.post(url("amend", old))
        new = Circular.objects.get(amends=old)
        assert response["Location"] == url("edit", new)
        assert new.status == Circular.Status.DRAFT

    @pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user"])
    def test_others_are_refused(self, client_for, world, actor):
        old = make_published(world.agency)
        assert client_for(getattr(world, actor)).post(url("amend", old)).status_code == 404
        assert not Circular.objects.filter(amends=old).exists()


@pytest.mark.django_db
class TestRevokeView:
    def test_post_with_reason_revokes(self, client_for, world):
        circular = make_published(world.agency)
        client = client_for(world.admin)
        assert client.get(url("revoke", circular)).status_code == 200
        client.post(url("revoke", circular), {"reason": "Bencana banjir"})
        circular.refresh_from_db()
        assert circular.status == Circular.Status.REVOKED
        assert circular.revoke_reason == "Bencana banjir"

    def test_missing_reason_is_a_field_error(self, client_for, world):
        circular = make_published(world.agency)
        response = client_for(world.admin).post(url("revoke", circular), {"reason": ""})
        assert "Alasan pencabutan wajib diisi." in text(response)
        circular.refresh_from_db()
        assert circular.status == Circular.Status.PUBLISHED

    def test_draft_cannot_be_revoked(self, client_for, world):
        circular = make_draft(world)
        response = client_for(world.admin).post(
            url("revoke", circular), {"reason": "x"}, follow=True
        )
        assert "tidak sedang berlaku" in text(response)
        circular.refresh_from_db()
        assert circular.status == Circular.Status.DRAFT

    @pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user"])
    def test_others_get_404(self, client_for, world, actor):
        circular = make_published(world.agency)
        client = client_for(getattr(world, actor))
        assert client.post(url("revoke", circular), {"reason": "x"}).status_code == 404
        circular.refresh_from_db()
        assert circular.status == Circular.Status.PUBLISHED


@pytest.mark.django_db
def test_nav_and_home_link_to_circulars(client_for, world):
    body = text(client_for(world.admin).get(reverse("home")))
    assert 'data-testid="nav-circulars"' in body
    assert 'data-testid="home-new-circular"' in body


@pytest.mark.django_db
def test_detail_speaks_english_when_chosen(client_for, world):
    circular = make_published(world.agency, number="SE-EN")
    client = client_for(world.head)
    client.post(reverse("set_language"), {"language": "en", "next": LIST})
    body = text(client.get(url("detail", circular)))
    assert "Circular No. SE-EN" in body
    assert "at most 50% of staff per OPD per day" in body


class TestSummaryWording:
    @pytest.mark.parametrize(
        ("start", "end", "label"),
        [
            (date(2025, 4, 8), date(2025, 4, 8), "8 April 2025"),
            (date(2025, 3, 24), date(2025, 3, 27), "24–27 Maret 2025"),
            (date(2023, 8, 28), date(2023, 9, 28), "28 Agustus – 28 September 2023"),
            (date(2024, 12, 30), date(2025, 1, 2), "30 Desember 2024 – 2 Januari 2025"),
        ],
    )
    def test_date_ranges_read_like_a_letter(self, start, end, label):
        from django.utils import translation

        from circulars.summary import date_range_label

        with translation.override("id"):
            assert date_range_label(start, end) == label


@pytest.mark.django_db
def test_calendar_marks_window_days_and_holidays(world):
    from circulars.summary import month_calendars

    months = month_calendars(world.agency.pk, [(date(2025, 3, 24), date(2025, 3, 31))])
    days = {d.day: d for week in months[0].weeks for d in week if d.in_month}
    assert [m.first for m in months] == [date(2025, 3, 1)]
    assert days[date(2025, 3, 24)].in_window and not days[date(2025, 3, 24)].closed_reason
    assert days[date(2025, 3, 29)].closed_reason  # a Saturday (and Nyepi)
    assert days[date(2025, 3, 31)].in_window and days[date(2025, 3, 31)].closed_reason
    assert not days[date(2025, 3, 20)].in_window


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["edit", "publish", "amend", "revoke"])
class TestEveryWriteUrl:
    def test_anonymous_is_sent_to_login_and_nothing_changes(self, client_for, world, name):
        circular = (
            make_published(world.agency) if name in ("amend", "revoke") else make_draft(world)
        )
        response = client_for(None).post(url(name, circular), {"reason": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert Circular.objects.count() == 1
        assert Circular.objects.get().status == circular.status

    def test_foreign_head_gets_404(self, client_for, world, name):
        circular = (
            make_published(world.agency) if name in ("amend", "revoke") else make_draft(world)
        )
        assert client_for(world.foreign_head).get(url(name, circular)).status_code == 404

    def test_put_is_not_allowed(self, client_for, world, name):
        circular = make_draft(world)
        assert client_for(world.admin).put(url(name, circular)).status_code == 405


@pytest.mark.django_db
def test_anonymous_preview_is_sent_to_login(client_for, world):
    response = client_for(None).post(PREVIEW, form_data())
    assert response.status_code == 302


@pytest.mark.django_db
class TestErrorSummary:
    """A long form's errors are summarised at the top, each a link to its field."""

    def summary(self, body: str) -> list[tuple[str, str]]:
        block = body.split('data-testid="error-summary"', 1)[1].split("</div>", 1)[0]
        return re.findall(
            r'<a href="#([^"]+)" class="alert-link" data-error-link>([^<]+)</a>', block
        )

    def test_errors_are_listed_at_the_top_with_links_to_the_fields(self, client_for, world):
        data = form_data(cap_percent="120", title="", **{"windows-0-end": "2025-03-20"})
        body = text(client_for(world.admin).post(CREATE, data))
        links = self.summary(body)
        assert body.index('data-testid="error-summary"') < body.index('name="number"')
        assert "Ada 3 isian yang perlu diperbaiki:" in body
        anchors = [anchor for anchor, _text in links]
        assert anchors == ["id_title", "id_cap_percent", "id_windows-0-end"]
        for anchor in anchors:
            assert f'id="{anchor}"' in body
        assert links[1][1].startswith("Batas pegawai di luar kantor (%): ")
        assert links[2][1] == "Masa berlaku: Tanggal selesai tidak boleh sebelum tanggal mulai."
        assert "js/error-summary.js" in body
        assert not Circular.objects.exists()

    def test_a_whole_row_group_error_links_to_its_rows(self, client_for, world):
        data = form_data(**{"windows-1-start": "2025-03-25", "windows-1-end": "2025-03-28"})
        links = self.summary(text(client_for(world.admin).post(CREATE, data)))
        assert [anchor for anchor, _text in links] == ["windows-rows"]

    def test_in_english(self, client_for, world):
        client = client_for(world.admin)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = text(client.post(CREATE, form_data(cap_percent="120")))
        assert "1 entry needs fixing:" in body

    def test_a_valid_form_has_no_summary_and_others_cannot_post(self, client_for, world):
        assert 'data-testid="error-summary"' not in text(client_for(world.admin).get(CREATE))
        assert client_for(world.head).post(CREATE, form_data(cap_percent="120")).status_code == 403
