from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change.html",
            success_url="/akun/kata-sandi/selesai/",
        ),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
