"""A new source's mapping proposed from a sample file, confirmed or corrected, then used."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance.models import ImportSource

pytestmark = pytest.mark.django_db

HEADER = "No;NIP Baru;Tanggal;Jam;Latitude;Longitude;Perangkat"


def url(world):
    return reverse("attendance:source_from_file", args=[world.agency.pk])


def sample_csv(world, name="siabsen-kota.csv", encoding="utf-8"):
    nip = world.employee.nip
    lines = [HEADER, f"1;{nip};08/04/2025;07:31;-6,12;106,15;HP-1", f"2;{nip};08/04/2025;16:02;;;"]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(encoding))


def confirm(client, world, response, **changes):
    """Post the proposed mapping back as the page holds it, with the user's changes."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return client.post(url(world), data)


def test_the_header_row_proposes_the_mapping_over_a_sample(world, client_for):
    client = client_for(world.admin)
    assert "Baca judul kolom" in client.get(url(world)).content.decode()

    response = client.post(url(world), {"file": sample_csv(world)})

    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["form"]
    proposed = {name: form[name].value() for name in form.fields if name.endswith("_column")}
    assert proposed == {
        "nip_column": "NIP Baru",
        "date_column": "Tanggal",
        "time_column": "Jam",
        "lat_column": "Latitude",
        "lng_column": "Longitude",
        "accuracy_column": "",
        "device_column": "Perangkat",
    }
    assert (form["date_format"].value(), form["name"].value()) == ("%d/%m/%Y", "siabsen-kota")
    assert world.employee.nip in page and "16:02" in page  # the sample rows are shown
    assert page.count('data-testid="mapped"') == 6
    assert '<option value="NIP Baru">' in page
    assert not ImportSource.objects.exists()


def test_the_confirmed_mapping_is_saved_and_reads_the_file(world, client_for):
    client = client_for(world.admin)
    proposal = client.post(url(world), {"file": sample_csv(world)})

    saved = confirm(client, world, proposal, name="SiAbsen Kota")

    assert saved.status_code == 302
    source = ImportSource.objects.get(agency=world.agency)
    upload = reverse("attendance:import_upload", args=[world.agency.pk])
    assert saved["Location"] == f"{upload}?sumber={source.pk}"
    page = client.get(saved["Location"]).content.decode()
    assert "Pemetaan kolom &#x27;SiAbsen Kota&#x27; disimpan dan sudah dipilih di bawah" in page
    assert f'<option value="{source.pk}" selected>SiAbsen Kota</option>' in page
    assert (source.name, source.nip_column, source.date_column, source.time_column) == (
        "SiAbsen Kota",
        "NIP Baru",
        "Tanggal",
        "Jam",
    )
    assert (source.lat_column, source.lng_column, source.device_column, source.date_format) == (
        "Latitude",
        "Longitude",
        "Perangkat",
        "%d/%m/%Y",
    )
    checked = client.post(
        reverse("attendance:import_upload", args=[world.agency.pk]),
        {"source": source.pk, "file": sample_csv(world)},
    )
    assert "2 presensi dari 1 pegawai siap diterapkan." in checked.content.decode()


def test_a_correction_to_a_column_the_file_lacks_is_refused_with_words(world, client_for):
    client = client_for(world.admin)
    proposal = client.post(url(world), {"file": sample_csv(world)})

    response = confirm(client, world, proposal, name="SiAbsen", device_column="IMEI")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kolom &#x27;IMEI&#x27; tidak ada di berkas contoh." in page
    assert "Kolom berkas: No, NIP Baru, Tanggal" in page
    assert "16:02" in page  # the sample is still shown
    assert not ImportSource.objects.exists()


def test_a_correction_within_the_file_is_taken(world, client_for):
    client = client_for(world.admin)
    proposal = client.post(url(world), {"file": sample_csv(world)})
    response = confirm(client, world, proposal, name="SiAbsen", device_column=" perangkat ")
    assert response.status_code == 302
    assert ImportSource.objects.get().device_column == "perangkat"


def test_a_tampered_sample_is_refused_and_nothing_saved(world, client_for):
    client = client_for(world.admin)
    proposal = client.post(url(world), {"file": sample_csv(world)})
    response = confirm(client, world, proposal, name="SiAbsen", sample='[["NIP"]]')
    assert response.status_code == 400
    assert "Berkas contoh tidak terbaca lagi; unggah ulang berkasnya." in response.content.decode()
    assert not ImportSource.objects.exists()


def test_an_xlsx_sample_is_read_too(world, client_for):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["nip", "Timestamp", "Lintang", "Bujur", "Akurasi (m)"])
    book.active.append([world.employee.nip, "2025-04-08 07:31:05", -6.12, 106.15, 12])
    data = io.BytesIO()
    book.save(data)
    response = client_for(world.admin).post(
        url(world), {"file": SimpleUploadedFile("absen.xlsx", data.getvalue())}
    )
    form = response.context["form"]
    assert (form["date_column"].value(), form["time_column"].value()) == ("Timestamp", "")
    assert (form["accuracy_column"].value(), form["date_format"].value()) == (
        "Akurasi (m)",
        "%Y-%m-%d",
    )


@pytest.mark.parametrize(
    ("file", "words"),
    [
        (lambda w: sample_csv(w, encoding="utf-16"), "Berkas CSV harus berformat teks UTF-8."),
        (lambda w: sample_csv(w, name="absen.txt"), "Jenis berkas tidak didukung"),
        (lambda w: SimpleUploadedFile("a.xlsx", b"not a zip"), "xlsx"),
        (lambda w: sample_csv(w), "Terlalu banyak baris: paling banyak 1."),
    ],
)
def test_a_file_the_reader_refuses_is_answered_with_its_words(
    world, client_for, settings, file, words
):
    settings.IMPORT_MAX_ATTENDANCE_ROWS = 1 if "banyak" in words else 50000
    response = client_for(world.admin).post(url(world), {"file": file(world)})
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not ImportSource.objects.exists()


@pytest.mark.parametrize("who", ["other_admin", "inspector", "head", "employee_user"])
def test_only_the_agencys_bkpsdm_maps_a_source(world, client_for, who):
    response = client_for(getattr(world, who)).post(url(world), {"file": sample_csv(world)})
    assert response.status_code == 404


@pytest.mark.parametrize("chosen", ["foreign", "abc", "99999999999999999999", ""])
def test_the_upload_page_preselects_only_a_source_of_its_own_agency(world, client_for, chosen):
    own = ImportSource.objects.create(
        agency=world.agency, name="SiAbsen", nip_column="NIP", date_column="Tanggal"
    )
    foreign = ImportSource.objects.create(
        agency=world.other_agency, name="Absen B", nip_column="NIP", date_column="Tanggal"
    )
    value = {"foreign": str(foreign.pk)}.get(chosen, chosen)
    upload = reverse("attendance:import_upload", args=[world.agency.pk])
    response = client_for(world.admin).get(f"{upload}?sumber={value}")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{own.pk}">SiAbsen</option>' in page  # offered, not chosen
    choices = page.split('name="source"')[1].split("</select>")[0]
    assert choices.count("selected") == 1 and '<option value="" selected>' in choices
    assert "Absen B" not in page
