"""The scoping helpers of circulars, and the admin pages that use the same scope."""

import pytest
from django.http import Http404
from django.urls import reverse

from circulars import access
from circulars.models import DayOff
from circulars.tests.circular_builders import make_draft, make_published


@pytest.mark.django_db
class TestVisibility:
    def test_everyone_logged_in_reads_published_and_only_admins_their_drafts(self, world):
        published = make_published(world.agency, number="SE-1")
        draft = make_draft(world, number="SE-DRAF")
        assert set(access.circulars_visible_to(world.admin)) == {published, draft}
        for user in (world.head, world.employee_user, world.other_admin, world.inspector):
            assert list(access.circulars_visible_to(user)) == [published]

    def test_anonymous_sees_nothing(self, world):
        from django.contrib.auth.models import AnonymousUser

        make_published(world.agency)
        assert not access.circulars_visible_to(AnonymousUser()).exists()

    @pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user", "inspector"])
    def test_only_own_agency_admin_may_change(self, world, actor):
        circular = make_published(world.agency)
        assert access.circular_for_admin(world.admin, circular.pk) == circular
        with pytest.raises(Http404):
            access.circular_for_admin(getattr(world, actor), circular.pk)

    @pytest.mark.parametrize("bad_id", ["abc", None, "", 10**12])
    def test_garbage_ids_answer_404(self, world, bad_id):
        with pytest.raises(Http404):
            access.circular_visible_to(world.admin, bad_id)


@pytest.mark.django_db
class TestAdminSite:
    def test_bkpsdm_admin_sees_only_own_agency_circulars(self, client_for, world):
        make_published(world.agency, number="SE-KAMI")
        make_published(world.other_agency, number="SE-MEREKA")
        body = client_for(world.admin).get(reverse("admin:circulars_circular_changelist"))
        assert "SE-KAMI" in body.content.decode()
        assert "SE-MEREKA" not in body.content.decode()

    def test_bkpsdm_admin_adds_a_local_day_off_for_own_agency(self, client_for, world):
        client = client_for(world.admin)
        response = client.post(
            reverse("admin:circulars_dayoff_add"),
            {"agency": world.agency.pk, "day": "2025-04-09", "name": "HUT Kota", "off": "on"},
        )
        assert response.status_code == 302
        assert DayOff.objects.get().agency == world.agency

    def test_bkpsdm_admin_cannot_add_a_day_off_for_another_agency(self, client_for, world):
        client = client_for(world.admin)
        client.post(
            reverse("admin:circulars_dayoff_add"),
            {"agency": world.other_agency.pk, "day": "2025-04-09", "name": "X", "off": "on"},
        )
        assert not DayOff.objects.exists()

    def test_other_agency_day_off_is_hidden(self, client_for, world):
        DayOff.objects.create(agency=world.other_agency, day="2025-04-09", name="Libur B")
        body = client_for(world.admin).get(reverse("admin:circulars_dayoff_changelist"))
        assert "Libur B" not in body.content.decode()

    def test_bkpsdm_admin_reads_circulars_but_writes_them_on_the_app_pages(self, client_for, world):
        circular = make_draft(world, title="Asli")
        client = client_for(world.admin)
        url = reverse("admin:circulars_circular_change", args=[circular.pk])
        assert client.get(url).status_code == 200
        client.post(url, {"title": "Diubah"})
        circular.refresh_from_db()
        assert circular.title == "Asli"
        assert client.get(reverse("admin:circulars_circular_add")).status_code == 403

    def test_head_has_no_admin(self, client_for, world):
        response = client_for(world.head).get(reverse("admin:circulars_circular_changelist"))
        assert response.status_code == 302
