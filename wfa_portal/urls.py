from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from organizations import views as org_views

handler403 = "organizations.views.permission_denied"
handler404 = "organizations.views.page_not_found"
handler500 = "organizations.views.server_error"

urlpatterns = [
    path("", org_views.home, name="home"),
    path("akun/", include("organizations.urls")),
    path("pegawai/", include("organizations.employee_urls")),
    path("akun-pegawai/", include("organizations.account_urls")),
    path("surat-edaran/", include("circulars.urls")),
    path("publik/", include("circulars.public_urls")),
    path("notifikasi/", include("notifications.urls")),
    path("jadwal/", include("schedules.roster.urls")),
    path("saya/", include("schedules.requests.urls")),
    path("pemantauan/", include("monitoring.urls")),
    path("presensi/", include("attendance.urls")),
    path("kerja-fleksibel/", include("standing.urls")),
    path("api/v1/", include("api.urls")),
    path("akun/token/", include("api.page_urls")),
    path("bahasa/", org_views.choose_language, name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
