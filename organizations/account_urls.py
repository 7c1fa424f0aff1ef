from django.urls import path

from . import account_views

urlpatterns = [
    path("<int:agency_id>/", account_views.account_list, name="account_list"),
    path("<int:agency_id>/baru/", account_views.account_create, name="account_create"),
    path("<int:agency_id>/<int:user_id>/", account_views.account_detail, name="account_detail"),
    path(
        "<int:agency_id>/<int:user_id>/peran/<int:role_id>/cabut/",
        account_views.account_role_revoke,
        name="account_role_revoke",
    ),
    path(
        "<int:agency_id>/<int:user_id>/nonaktifkan/",
        account_views.account_deactivate,
        name="account_deactivate",
    ),
]
