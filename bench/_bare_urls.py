"""The portal's URLs plus ``/bench/bare/``, which exists only here: a ``login_required``
view that answers a few bytes, the ceiling any authenticated page of this stack can
reach (bench/throughput.py)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("wfa_portal.urls")),
]
handler403 = "organizations.views.permission_denied"
handler404 = "organizations.views.page_not_found"
handler500 = "organizations.views.server_error"
