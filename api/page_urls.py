from django.urls import path

from . import page_views

urlpatterns = [
    path("", page_views.tokens, name="api_tokens"),
    path("<int:token_id>/cabut/", page_views.revoke, name="api_token_revoke"),
]
