from django.urls import path

import wfa_portal.converters  # noqa: F401 - registers "id", "isoweek" and "isodate"

from . import mapping_views, views

app_name = "attendance"

urlpatterns = [
    path("", views.index, name="index"),
    path("saya/", views.my_day, name="my_day"),
    path("saya/presensi/", views.check_in, name="check_in"),
    path("saya/laporan/<isodate:day>/", views.my_report, name="my_report"),
    path("se/<id:circular_id>/kewajiban/", views.duty_edit, name="duty_edit"),
    path("opd/<id:unit_id>/titik/", views.office_point, name="office_point"),
    path("pegawai/<id:employee_id>/rumah/", views.home_point, name="home_point"),
    path("opd/<id:unit_id>/verifikasi/", views.verify_today, name="verify_today"),
    path("opd/<id:unit_id>/verifikasi/<isodate:day>/", views.verify, name="verify"),
    path("opd/<id:unit_id>/laporan/<id:report_id>/komentar/", views.comment, name="comment"),
    path("instansi/<id:agency_id>/sumber/", views.sources, name="sources"),
    path(
        "instansi/<id:agency_id>/sumber/dari-berkas/",
        mapping_views.source_from_file,
        name="source_from_file",
    ),
    path("instansi/<id:agency_id>/impor/", views.import_upload, name="import_upload"),
    path(
        "instansi/<id:agency_id>/impor/<id:import_id>/terapkan/",
        views.import_apply,
        name="import_apply",
    ),
    path(
        "instansi/<id:agency_id>/impor/<id:import_id>/",
        views.import_status,
        name="import_status",
    ),
    path("instansi/<id:agency_id>/rekap/", views.figure_today, name="figure_today"),
    path("instansi/<id:agency_id>/rekap/<isodate:day>/", views.figure, name="figure"),
    path(
        "instansi/<id:agency_id>/rekap/<isodate:day>/ekspor/<slug:fmt>/",
        views.figure_export,
        name="figure_export",
    ),
    path(
        "pegawai/<id:employee_id>/bukti/<int:year>/<int:month>/<slug:fmt>/",
        views.evidence_export,
        name="evidence_export",
    ),
]
