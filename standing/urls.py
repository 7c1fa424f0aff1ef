from django.urls import path

from . import views

app_name = "standing"

urlpatterns = [
    path("", views.index, name="index"),
    path("instansi/<int:agency_id>/kebijakan/", views.policies, name="policies"),
    path("instansi/<int:agency_id>/kebijakan/baru/", views.policy_form, name="policy_new"),
    path(
        "instansi/<int:agency_id>/kebijakan/<int:pk>/ubah/", views.policy_form, name="policy_edit"
    ),
    path("kebijakan/<int:pk>/", views.policy_detail, name="policy"),
    path("kebijakan/<int:pk>/terbitkan/", views.policy_publish, name="policy_publish"),
    path("kebijakan/<int:pk>/akhiri/", views.policy_end, name="policy_end"),
    path("publik/<int:pk>/", views.public_policy, name="public_policy"),
    path("publik/<int:pk>/pdf/", views.public_policy_pdf, name="public_policy_pdf"),
    path("saya/", views.mine, name="mine"),
    path("saya/ajukan/", views.apply, name="apply"),
    path("saya/target/<int:pk>/", views.target_report, name="target_report"),
    path("target/", views.targets, name="targets"),
    path("target/<int:pk>/", views.target_review, name="target_review"),
    path("panggilan/<int:pk>/", views.recall_page, name="recall"),
    path("opd/<int:unit_id>/", views.queue, name="queue"),
    path("opd/<int:unit_id>/panggil/", views.recall_create, name="recall_create"),
    path(
        "opd/<int:unit_id>/pegawai/<int:employee_id>/",
        views.arrangement_form,
        name="arrangement",
    ),
    path("instansi/<int:agency_id>/", views.agency_queue, name="agency_queue"),
    path("instansi/<int:agency_id>/pemantauan/", views.monitoring, name="monitoring"),
    path(
        "instansi/<int:agency_id>/pemantauan/<str:fmt>/",
        views.monitoring_export,
        name="monitoring_export",
    ),
    path("permohonan/<int:pk>/", views.application_detail, name="application"),
    path("permohonan/<int:pk>/berkas/", views.application_evidence, name="evidence"),
]
