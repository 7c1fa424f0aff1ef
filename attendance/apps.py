from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Presensi dan bukti kerja")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from schedules.versions import duty_saved

        from .models import AttendanceDuty

        # "Jadwal saya" shows today's duty from its cached fragment (schedules/versions.py).
        for signal in (post_save, post_delete):
            signal.connect(duty_saved, sender=AttendanceDuty, dispatch_uid="versions-duty")
