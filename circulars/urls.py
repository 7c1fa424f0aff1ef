from django.urls import path

from . import pdf, views

app_name = "circulars"

urlpatterns = [
    path("", views.circular_list, name="list"),
    path("baru/", views.circular_create, name="create"),
    path("pratinjau/", views.circular_preview, name="preview"),
    path("<int:pk>/", views.circular_detail, name="detail"),
    path("<int:pk>/ubah/", views.circular_edit, name="edit"),
    path("<int:pk>/terbitkan/", views.circular_publish, name="publish"),
    path("<int:pk>/perubahan/", views.circular_amend, name="amend"),
    path("<int:pk>/cabut/", views.circular_revoke, name="revoke"),
    path("<int:pk>/pdf/", pdf.circular_pdf, name="pdf"),
    path("<int:pk>/ttd.pdf", pdf.signed_pdf, name="signed_pdf"),
]
