from datetime import date

from django.urls import path, register_converter

from . import share_views, views


class IsoWeekConverter:
    """``2025-W13`` in the URL, the Monday of that ISO week in the view."""

    regex = r"[0-9]{4}-W[0-9]{2}"

    def to_python(self, value: str) -> date:
        year, week = value.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)  # ValueError: 404

    def to_url(self, value: date | str) -> str:
        if isinstance(value, str):
            return value
        year, week, _day = value.isocalendar()
        return f"{year}-W{week:02d}"


register_converter(IsoWeekConverter, "isoweek")

app_name = "schedules"

urlpatterns = [
    path("", views.index, name="index"),
    path("opd/<int:unit_id>/", views.current_week, name="current_week"),
    path("opd/<int:unit_id>/<isoweek:week>/", views.week_grid, name="week"),
    path("opd/<int:unit_id>/<isoweek:week>/periksa/", views.week_validate, name="validate"),
    path("opd/<int:unit_id>/<isoweek:week>/simpan/", views.week_save, name="save"),
    path("opd/<int:unit_id>/<isoweek:week>/salin/", views.week_copy, name="copy"),
    path("opd/<int:unit_id>/<isoweek:week>/isi-otomatis/", views.week_autofill, name="autofill"),
    path("opd/<int:unit_id>/<isoweek:week>/ajukan/", views.week_submit, name="submit"),
    path("opd/<int:unit_id>/<isoweek:week>/bagikan/", share_views.share_roster, name="share"),
    path("pengawasan/", views.oversight_list, name="oversight"),
    path("pengawasan/<int:roster_id>/", views.oversight_detail, name="oversight_detail"),
    path("pengawasan/<int:roster_id>/kembalikan/", views.oversight_return, name="oversight_return"),
    path("pengawasan/<int:roster_id>/terima/", views.oversight_accept, name="oversight_accept"),
]
