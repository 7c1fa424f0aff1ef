"""URLs under /saya/: the employee's own pages, and the pages that decide about employees."""

from django.urls import path

import wfa_portal.converters  # noqa: F401 - registers "id", "isoweek" and "isodate"

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.my_days, name="my_days"),
    path("bulan/<int:year>/<int:month>/", views.my_month, name="month"),
    path("hari/<isodate:day>/kantor/", views.choose_office, name="choose_office"),
    path("ketentuan/<int:circular_id>/setuju/", views.acknowledge, name="acknowledge"),
    path("jadwal-saya.ics", views.calendar_download, name="download"),
    path("kalender/ganti/", views.feed_rotate, name="feed_rotate"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="feed"),
    path("permohonan/", views.requests_page, name="requests"),
    path("permohonan/<int:pk>/tarik/", views.request_withdraw, name="withdraw"),
    path("opd/<int:unit_id>/permohonan/", views.queue, name="queue"),
    path("opd/<int:unit_id>/permohonan/putuskan/", views.queue_decide, name="queue_decide"),
    path(
        "opd/<int:unit_id>/jadwal/<int:roster_id>/minta-kembali/",
        views.ask_week_back,
        name="ask_week_back",
    ),
    path("opd/<int:unit_id>/ketentuan/", views.acknowledgements, name="acknowledgements"),
    path("opd/<int:unit_id>/pencabutan/", views.revocations, name="revocations"),
    path("pencabutan/<int:pk>/pulihkan/", views.reinstate, name="reinstate"),
    path("bkpsdm/<int:agency_id>/permohonan/", views.agency_queue, name="agency_queue"),
    path(
        "bkpsdm/<int:agency_id>/permohonan/putuskan/",
        views.agency_queue_decide,
        name="agency_queue_decide",
    ),
    path(
        "bkpsdm/<int:agency_id>/ketentuan/",
        views.agency_acknowledgements,
        name="agency_acknowledgements",
    ),
    path("bkpsdm/<int:agency_id>/pencabutan/", views.revocation_report, name="revocation_report"),
]
