from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from circulars.forms import CircularFilterForm, CircularFormBundle
from circulars.models import Circular
from circulars.rendering import contains_script, render_markdown
from circulars.tests.circular_builders import form_data, make_published
from organizations.models import Agency
from organizations.tests.factories import AgencyFactory, RegionFactory


def bundle_for(world, **overrides):
    return CircularFormBundle(agency=world.agency, data=form_data(**overrides), files=None)


@pytest.mark.django_db
class TestCircularForm:
    def test_valid_post_becomes_a_draft_value(self, world):
        bundle = bundle_for(world, exempt_categories=["health"], exempt_roles=["treasurer"])
        assert bundle.is_valid(), bundle.form.errors
        draft = bundle.to_draft()
        assert draft.windows == [(date(2025, 3, 24), date(2025, 3, 25))]
        assert draft.fields["exempt_categories"] == ["health"]
        assert draft.fields["exempt_roles"] == ["treasurer"]
        assert draft.limits == [] and draft.priorities == []
        assert draft.signed_pdf is None

    def test_deleted_window_rows_are_left_out(self, world):
        bundle = bundle_for(world, **{"windows-0-DELETE": "on"})
        assert bundle.is_valid()
        assert bundle.to_draft().windows == []

    def test_exempt_opds_are_only_those_of_the_issuing_agency(self, world):
        form = bundle_for(world).form
        assert set(form.fields["exempt_units"].queryset) == {world.opd, world.other_opd}

    def test_tampered_exempt_opd_of_another_agency_is_a_field_error(self, world):
        bundle = bundle_for(world, exempt_units=[str(world.foreign_opd.pk)])
        assert not bundle.is_valid()
        assert bundle.form.errors["exempt_units"] == [
            "OPD yang dipilih bukan OPD instansi penerbit."
        ]

    def test_parent_choices_are_published_circulars_of_higher_agencies(self, world):
        ministry = AgencyFactory(code="kemenpan", level=Agency.Level.MINISTRY)
        national = make_published(ministry, number="NAS-1")
        make_published(world.other_agency, number="SIBLING-1")
        draft_of_ministry = make_published(ministry, number="NAS-DRAF")
        Circular.objects.filter(pk=draft_of_ministry.pk).update(status=Circular.Status.DRAFT)
        assert list(bundle_for(world).form.fields["parent"].queryset) == [national]

    @pytest.mark.parametrize("cap", ["-1", "101"])
    def test_cap_outside_0_to_100_is_a_field_error(self, world, cap):
        bundle = bundle_for(world, cap_percent=cap)
        assert not bundle.is_valid()
        assert bundle.form.errors["cap_percent"] == ["Batas harus antara 0 dan 100 persen."]

    def test_body_with_script_is_a_field_error(self, world):
        bundle = bundle_for(world, body="<SCRIPT src=//x></SCRIPT>")
        assert not bundle.is_valid()
        assert bundle.form.errors["body"] == ["Isi surat tidak boleh memuat skrip."]

    def test_reversed_window_is_a_field_error_on_end(self, world):
        bundle = bundle_for(world, **{"windows-0-end": "2025-03-01"})
        assert not bundle.is_valid()
        assert bundle.windows.forms[0].errors["end"]

    def test_a_limit_may_combine_category_opd_region_and_dates(self, world):
        region = RegionFactory()
        row = {
            "limits-0-shape": "stay_count",
            "limits-0-value": "2",
            "limits-0-category": "health",
            "limits-0-unit": str(world.opd.pk),
            "limits-0-region": str(region.pk),
            "limits-0-start": "2025-03-24",
            "limits-0-end": "2025-03-25",
        }
        bundle = bundle_for(world, **row)
        assert bundle.is_valid(), bundle.limits.errors
        (rule,) = bundle.to_draft().limits
        assert (rule.shape, rule.value, rule.category, rule.unit, rule.region) == (
            "stay_count",
            2,
            "health",
            world.opd,
            region,
        )

    @pytest.mark.parametrize(
        ("row", "field", "message"),
        [
            ({"limits-0-value": "101"}, "value", "Batas harus antara 0 dan 100 persen."),
            ({"limits-0-value": "-1"}, "value", "Nilai batas tidak boleh negatif."),
            (
                {
                    "limits-0-value": "5",
                    "limits-0-start": "2025-03-26",
                    "limits-0-end": "2025-03-24",
                },
                "end",
                "Tanggal selesai tidak boleh sebelum tanggal mulai.",
            ),
        ],
    )
    def test_a_bad_limit_row_is_a_field_error(self, world, row, field, message):
        bundle = bundle_for(world, **{"limits-0-shape": "away_share", **row})
        assert not bundle.is_valid()
        assert bundle.limits.forms[0].errors[field] == [message]

    def test_pdf_is_checked_by_content(self, world):
        data = form_data()
        fake = SimpleUploadedFile("scan.pdf", b"GIF89a....", "application/pdf")
        bundle = CircularFormBundle(agency=world.agency, data=data, files={"signed_pdf": fake})
        assert not bundle.is_valid()
        assert "Berkas bukan PDF" in bundle.form.errors["signed_pdf"][0]

    def test_oversized_pdf_is_refused(self, world):
        big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1))
        bundle = CircularFormBundle(
            agency=world.agency, data=form_data(), files={"signed_pdf": big}
        )
        assert not bundle.is_valid()
        assert "paling besar 10 MB" in bundle.form.errors["signed_pdf"][0]


@pytest.mark.django_db
def test_filter_form_ignores_invalid_values(world):
    make_published(world.agency)
    form = CircularFilterForm({"year": "abc"}, agencies=Agency.objects.all())
    assert form.filter(Circular.objects.all()).count() == 1


class TestMarkdown:
    def test_renders_markdown(self):
        html = render_markdown("# Judul\n\n- satu\n- **dua**")
        assert "<h1>Judul</h1>" in html and "<strong>dua</strong>" in html

    @pytest.mark.parametrize(
        "attack",
        [
            '<img src=x onerror="alert(1)">',
            '<a href="javascript:alert(1)">klik</a>',
            "<iframe src=//evil></iframe>",
            '<p style="background:url(x)">x</p>',
        ],
    )
    def test_strips_everything_outside_the_allow_list(self, attack):
        html = render_markdown(attack)
        for bad in ("onerror", "javascript:", "<iframe", "style="):
            assert bad not in html

    def test_links_get_safe_rel(self):
        assert 'rel="noopener noreferrer nofollow"' in render_markdown("[x](https://a.id)")

    @pytest.mark.parametrize(
        ("text", "found"),
        [("<script>x</script>", True), ("< ScRiPt >", True), ("[a](javascript:x)", True),
         ("skrip tidak ada", False), ("description", False)],
    )  # fmt: skip
    def test_detects_scripts(self, text, found):
        assert contains_script(text) is found
