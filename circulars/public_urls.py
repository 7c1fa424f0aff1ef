"""Public pages (no login), included by the project at "publik/"."""

from django.urls import path

from . import public_views

app_name = "public"

urlpatterns = [
    path("<slug:agency_code>/", public_views.public_agency, name="public_agency"),
    path("<slug:agency_code>/<int:pk>.pdf", public_views.public_pdf, name="public_pdf"),
]
