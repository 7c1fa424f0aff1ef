from django.urls import path

from . import employee_views

urlpatterns = [
    path("<int:agency_id>/impor/", employee_views.employee_import, name="employee_import"),
    path(
        "<int:agency_id>/impor/<int:batch_id>/",
        employee_views.employee_import_status,
        name="employee_import_status",
    ),
    path(
        "<int:agency_id>/impor/<int:batch_id>/terapkan/",
        employee_views.employee_import_apply,
        name="employee_import_apply",
    ),
    path(
        "<int:agency_id>/ekspor.csv",
        employee_views.employee_export,
        {"fmt": "csv"},
        name="employee_export_csv",
    ),
    path(
        "<int:agency_id>/ekspor.xlsx",
        employee_views.employee_export,
        {"fmt": "xlsx"},
        name="employee_export_xlsx",
    ),
    path(
        "<int:agency_id>/templat.xlsx", employee_views.employee_template, name="employee_template"
    ),
]

urlpatterns += [
    path(
        "<int:employee_id>/kelayakan/",
        employee_views.employee_eligibility,
        name="employee_eligibility",
    ),
    path(
        "<int:employee_id>/kelayakan/hukuman/",
        employee_views.sanction_add,
        name="employee_sanction_add",
    ),
    path(
        "<int:employee_id>/kelayakan/hukuman/<int:sanction_id>/selesai/",
        employee_views.sanction_end,
        name="employee_sanction_end",
    ),
    path(
        "<int:employee_id>/kelayakan/keadaan/",
        employee_views.circumstance_add,
        name="employee_circumstance_add",
    ),
]
