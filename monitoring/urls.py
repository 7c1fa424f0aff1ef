from django.urls import path

import wfa_portal.converters  # noqa: F401 - registers "id", "isoweek" and "isodate"

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:agency_id>/se/<int:circular_id>/", views.dashboard, name="dashboard"),
    path("<int:agency_id>/se/<int:circular_id>/ingatkan/", views.remind, name="remind"),
    path(
        "<int:agency_id>/se/<int:circular_id>/ekspor/<slug:fmt>/",
        views.dashboard_export,
        name="dashboard_export",
    ),
    path(
        "<int:agency_id>/se/<int:circular_id>/pencabutan/ekspor/<slug:fmt>/",
        views.revocations_export,
        name="revocations_export",
    ),
    path("opd/<int:unit_id>/<isoweek:week>/", views.opd_week, name="opd_week"),
    path(
        "opd/<int:unit_id>/<isoweek:week>/ekspor/<slug:fmt>/",
        views.opd_week_export,
        name="opd_week_export",
    ),
    path("<int:agency_id>/kehadiran/", views.attendance, name="attendance"),
    path(
        "<int:agency_id>/kehadiran/ekspor/<slug:fmt>/",
        views.attendance_export,
        name="attendance_export",
    ),
    path("<int:agency_id>/kehadiran/catat/", views.attendance_record, name="attendance_record"),
    path(
        "<int:agency_id>/kehadiran/<int:check_id>/",
        views.attendance_detail,
        name="attendance_detail",
    ),
    path("<int:agency_id>/kehadiran/impor/", views.attendance_import, name="attendance_import"),
    path(
        "<int:agency_id>/kehadiran/impor/<int:import_id>/terapkan/",
        views.attendance_import_apply,
        name="attendance_import_apply",
    ),
]
