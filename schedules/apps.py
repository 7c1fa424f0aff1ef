from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = _("Jadwal kerja")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from organizations.models import DisciplinarySanction, EmployeeCircumstance
        from standing.models import Arrangement, Recall

        from . import models, versions

        # Cached pages of an OPD's weeks and of an employee's days (schedules/versions.py)
        # are stale once one of these rows changes, through a service or the admin.
        receivers = (
            (models.Roster, versions.roster_saved),
            (models.AwayRequest, versions.request_saved),
            (models.Revocation, versions.revocation_saved),
            (models.Acknowledgement, versions.acknowledgement_saved),
            (DisciplinarySanction, versions.staff_fact_saved),
            (EmployeeCircumstance, versions.staff_fact_saved),
            (Arrangement, versions.staff_fact_saved),
            (Recall, versions.staff_fact_saved),
        )
        for model, receiver in receivers:
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, dispatch_uid=f"versions-{model.__name__}")
