from django.contrib.auth import views as auth_views
from django.urls import path

from . import operator_views, superior_views, views

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("opd/<int:unit_id>/operator/", operator_views.opd_operators, name="opd_operators"),
    path(
        "opd/<int:unit_id>/operator/<int:role_id>/cabut/",
        operator_views.opd_operator_revoke,
        name="opd_operator_revoke",
    ),
]

urlpatterns += [
    path("opd/<int:unit_id>/atasan/", superior_views.opd_superiors, name="opd_superiors"),
]
