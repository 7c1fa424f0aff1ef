"""Layers through the database: national circulars addressed to regional governments,
amendments from their effective date, and overlapping circulars of one agency that must
declare whether they amend or add (services, governing, the publish page)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from circulars import services
from circulars.governing import governed, governing_circular, policies_for_opd
from circulars.models import Circular, Relation, Window
from circulars.tests.circular_builders import draft_fields, make_draft, make_published
from organizations.models import Agency, Region
from organizations.tests.factories import AgencyFactory, RegionFactory, UnitFactory
from policy.values import Mode

pytestmark = pytest.mark.django_db

D = date
MARCH_25 = D(2025, 3, 25)
_seq = iter(range(1, 10_000))


def published(agency, number, windows, **fields) -> Circular:
    circular = Circular.objects.create(
        agency=agency,
        number=number,
        title=f"Uji {number}",
        status=fields.pop("status", Circular.Status.PUBLISHED),
        published_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=next(_seq)),
        **fields,
    )
    for start, end in windows:
        Window.objects.create(circular=circular, start=start, end=end)
    return circular


@pytest.fixture
def banten_and_dki():
    """Two provinces with no parent agency, as in the demo data, and a city of Banten."""
    ministry = AgencyFactory(code="kemendagri", short_name="Kemendagri", level="ministry")
    banten_region = RegionFactory(
        code="36", name="Provinsi Banten", kind="province", province="Banten"
    )
    serang_region = RegionFactory(code="3673", name="Kota Serang", kind="city", province="Banten")
    dki_region = RegionFactory(
        code="31", name="Provinsi DKI", kind="province", province="DKI Jakarta"
    )
    banten = AgencyFactory(code="pemprov-banten", level="province", region=banten_region)
    dki = AgencyFactory(code="pemprov-dki", level="province", region=dki_region)
    serang = AgencyFactory(code="pemkot-serang", level="city", region=serang_region)
    return ministry, banten, dki, serang, banten_region


# --- national circulars address regional governments ---------------------------------


def test_a_national_circular_addressed_to_provinces_governs_a_province_without_a_parent(
    banten_and_dki,
):
    ministry, banten, dki, serang, _region = banten_and_dki
    national = published(
        ministry, "2 Tahun 2023", [(D(2023, 8, 28), D(2023, 10, 31))],
        addressed_levels=["province"], cap_percent=50,
    )  # fmt: skip
    for agency in (banten, dki):
        opd = UnitFactory(agency=agency)
        assert governing_circular(opd, D(2023, 9, 1)) == national
        policy = policies_for_opd(opd, D(2023, 9, 1), D(2023, 9, 1))[D(2023, 9, 1)]
        assert policy.is_open() and policy.limit_for(10) == 5
    assert governing_circular(UnitFactory(agency=serang), D(2023, 9, 1)) is None


def test_a_national_circular_addressed_to_one_province_reaches_its_cities_only(banten_and_dki):
    ministry, banten, dki, serang, banten_region = banten_and_dki
    national = published(
        ministry, "2 Tahun 2023", [(D(2023, 8, 28), D(2023, 10, 31))],
        addressed_levels=["province", "city"],
    )  # fmt: skip
    national.addressed_regions.set([banten_region])
    assert governing_circular(UnitFactory(agency=banten), D(2023, 9, 1)) == national
    assert governing_circular(UnitFactory(agency=serang), D(2023, 9, 1)) == national
    assert governing_circular(UnitFactory(agency=dki), D(2023, 9, 1)) is None


def test_a_national_circular_addressing_nobody_governs_no_region(banten_and_dki):
    ministry, banten, _dki, _serang, _region = banten_and_dki
    published(ministry, "2 Tahun 2023", [(D(2023, 8, 28), D(2023, 10, 31))])
    assert governing_circular(UnitFactory(agency=banten), D(2023, 9, 1)) is None


def test_the_regions_own_circular_narrows_the_national_one_and_both_are_named(banten_and_dki):
    ministry, _banten, dki, _serang, _region = banten_and_dki
    national = published(
        ministry, "2 Tahun 2023", [(D(2023, 8, 28), D(2023, 10, 31))],
        addressed_levels=["province"], cap_percent=50, exempt_roles=["treasurer"],
    )  # fmt: skip
    own = published(
        dki, "e-0018/SE/2023", [(D(2023, 8, 21), D(2023, 10, 21))],
        cap_percent=75, arrangement="WFH", exempt_categories=["health"],
    )  # fmt: skip
    opd = UnitFactory(agency=dki, category="support")
    policies = policies_for_opd(opd, D(2023, 8, 21), D(2023, 10, 31))
    both = policies[D(2023, 9, 1)]
    assert both.circular_ids == (own.pk, national.pk)
    assert both.circular_numbers == ("e-0018/SE/2023", "2 Tahun 2023")
    assert (both.cap_percent, both.arrangement) == (50, Mode.WFH)
    assert both.exempt_roles == frozenset({"treasurer"})
    assert policies[D(2023, 8, 21)].circular_ids == (own.pk,)
    assert policies[D(2023, 10, 23)].circular_ids == (national.pk,)


def test_a_regional_circular_that_follows_the_national_one_replaces_it(banten_and_dki):
    ministry, banten, _dki, _serang, _region = banten_and_dki
    national = published(
        ministry, "2 Tahun 2023", [(D(2023, 8, 28), D(2023, 10, 31))],
        addressed_levels=["province"],
    )  # fmt: skip
    own = published(banten, "800/2100/2023", [(D(2023, 8, 28), D(2023, 9, 28))], parent=national)
    opd = UnitFactory(agency=banten)
    assert governing_circular(opd, D(2023, 9, 1)) == own
    assert governing_circular(opd, D(2023, 10, 2)) is None


# --- amendments from their effective date -------------------------------------------


def test_an_amendment_governs_from_its_effective_date_and_the_amended_one_before(world):
    """SE MenPAN-RB 3/2025 added 8 April 2025 to SE 2/2025."""
    old = make_published(
        world.agency, number="2 Tahun 2025", windows=[(D(2025, 3, 24), D(2025, 3, 27))]
    )
    new = services.amend_circular(user=world.admin, circular=old)
    new.windows.create(start=D(2025, 4, 8), end=D(2025, 4, 8))
    new.effective_from = D(2025, 4, 1)
    new.save()
    services.publish_circular(user=world.admin, circular=new)
    old.refresh_from_db()
    assert old.status == Circular.Status.SUPERSEDED
    policies, circulars = governed(world.opd, D(2025, 3, 24), D(2025, 4, 9))
    assert policies[D(2025, 3, 25)].circular_id == old.pk
    assert policies[D(2025, 4, 8)].circular_id == new.pk
    assert policies[D(2025, 4, 9)].circular_id is None
    assert {old.pk, new.pk} <= set(circulars)


def test_an_amendment_without_an_effective_date_replaces_the_old_one_entirely(world):
    old = make_published(world.agency, number="SE-LAMA", cap=50)
    new = services.amend_circular(user=world.admin, circular=old)
    new.cap_percent = 30
    new.save()
    services.publish_circular(user=world.admin, circular=new)
    policy = policies_for_opd(world.opd, MARCH_25, MARCH_25)[MARCH_25]
    assert (policy.circular_ids, policy.cap_percent) == ((new.pk,), 30)


def test_only_an_amendment_may_carry_an_effective_date(world):
    with pytest.raises(ValidationError) as excinfo:
        make_draft(world, effective_from=D(2025, 4, 1))
    assert excinfo.value.message_dict["effective_from"] == [
        "Tanggal berlaku perubahan hanya diisi pada surat edaran perubahan."
    ]
    assert not Circular.objects.filter(agency=world.agency).exists()


# --- overlapping circulars of one agency ---------------------------------------------


def test_publishing_over_a_published_circular_is_refused_until_the_relation_is_declared(world):
    earlier = make_published(
        world.agency, number="SE-1", windows=[(D(2025, 3, 20), D(2025, 3, 31))]
    )
    later = make_draft(world, number="SE-2", windows=[(D(2025, 3, 24), D(2025, 4, 4))])
    with pytest.raises(ValidationError) as excinfo:
        services.publish_circular(user=world.admin, circular=later)
    (message,) = excinfo.value.message_dict["relation"]
    assert "tumpang tindih dengan SE SE-1 (20 Maret 2025 – 31 Maret 2025)" in message
    assert "mengubah" in message and "menambah" in message
    later.refresh_from_db()
    assert later.status == Circular.Status.DRAFT
    assert governing_circular(world.opd, MARCH_25) == earlier


@pytest.mark.parametrize(
    ("relation", "applied", "cap"),
    [(Relation.AMENDS, ("SE-2",), 75), (Relation.ADDS, ("SE-2", "SE-1"), 50)],
)
def test_a_declared_relation_publishes_and_governs_the_overlap(world, relation, applied, cap):
    make_published(world.agency, number="SE-1", cap=50, windows=[(D(2025, 3, 20), D(2025, 3, 31))])
    later = make_draft(
        world, number="SE-2", cap_percent=75, relation=relation,
        windows=[(D(2025, 3, 24), D(2025, 4, 4))],
    )  # fmt: skip
    services.publish_circular(user=world.admin, circular=later)
    policies = policies_for_opd(world.opd, D(2025, 3, 20), D(2025, 4, 4))
    assert policies[MARCH_25].circular_numbers == applied
    assert policies[MARCH_25].cap_percent == cap
    assert policies[D(2025, 3, 20)].circular_numbers == ("SE-1",)
    assert policies[D(2025, 4, 4)].circular_numbers == ("SE-2",)


def test_circulars_of_other_agencies_or_other_dates_need_no_relation(world):
    make_published(world.other_agency, number="SE-B", windows=[(D(2025, 3, 20), D(2025, 3, 31))])
    make_published(world.agency, number="SE-0", windows=[(D(2025, 1, 6), D(2025, 1, 10))])
    later = make_draft(world, number="SE-2")
    services.publish_circular(user=world.admin, circular=later)
    later.refresh_from_db()
    assert later.status == Circular.Status.PUBLISHED


def test_an_amendment_needs_no_relation_to_the_circular_it_replaces(world):
    old = make_published(world.agency, number="SE-LAMA")
    new = services.amend_circular(user=world.admin, circular=old)
    services.publish_circular(user=world.admin, circular=new)
    new.refresh_from_db()
    assert new.status == Circular.Status.PUBLISHED


def test_publish_page_names_the_overlap_and_the_field(client_for, world):
    make_published(world.agency, number="SE-1", windows=[(D(2025, 3, 20), D(2025, 3, 31))])
    later = make_draft(world, number="SE-2")
    client = client_for(world.admin)
    url = reverse("circulars:publish", args=[later.pk])
    for response in (client.get(url), client.post(url)):
        body = response.content.decode()
        assert "Hubungan dengan surat edaran lain:" in body
        assert "tumpang tindih dengan SE SE-1" in body
    later.refresh_from_db()
    assert later.status == Circular.Status.DRAFT


def test_publish_page_in_english_names_the_overlap(client_for, world):
    make_published(world.agency, number="SE-1", windows=[(D(2025, 3, 20), D(2025, 3, 31))])
    later = make_draft(world, number="SE-2")
    client = client_for(world.admin)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("circulars:publish", args=[later.pk])).content.decode()
    assert "overlap with circular SE-1" in body


def test_the_form_declares_the_relation_and_the_edit_saves_it(client_for, world):
    from circulars.tests.circular_builders import form_data

    draft = make_draft(world, number="SE-2")
    client = client_for(world.admin)
    page = client.get(reverse("circulars:edit", args=[draft.pk])).content.decode()
    assert 'name="relation"' in page
    assert 'name="addressed_levels"' not in page  # a regional agency addresses nobody
    client.post(
        reverse("circulars:edit", args=[draft.pk]), form_data(number="SE-2", relation="adds")
    )
    draft.refresh_from_db()
    assert draft.relation == Relation.ADDS


# --- addressing is a ministry's ---------------------------------------------------------


def test_a_regional_circular_cannot_address_regional_governments(world):
    with pytest.raises(ValidationError) as excinfo:
        make_draft(world, addressed_levels=["province"])
    assert "Hanya surat edaran kementerian" in excinfo.value.message_dict["addressed_levels"][0]


def test_a_ministry_drafts_a_circular_addressed_to_provinces_in_one_region(world):
    ministry = AgencyFactory(code="kemenpan", level=Agency.Level.MINISTRY)
    region = Region.objects.create(
        code="36", name="Provinsi Banten", kind="province", province="Banten"
    )
    circular = services.create_draft(
        user=world.admin,
        agency=ministry,
        draft=services.Draft(
            fields=draft_fields(addressed_levels=["province", "city"]),
            windows=[(D(2025, 3, 24), D(2025, 3, 27))],
            addressed_regions=[region],
        ),
    )
    assert circular.addressed_levels == ["province", "city"]
    assert list(circular.addressed_regions.all()) == [region]
    with pytest.raises(ValidationError) as excinfo:
        services.update_draft(
            user=world.admin,
            circular=circular,
            draft=services.Draft(fields=draft_fields(addressed_levels=["village"])),
        )
    assert excinfo.value.message_dict["addressed_levels"] == [
        "Tingkat pemerintah daerah tidak dikenal."
    ]
