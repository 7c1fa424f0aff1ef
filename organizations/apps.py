from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organisasi")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import models
        from .access import access_changed_signal

        # A login's cached roles and employee record (organizations.access.get_actor)
        # are stale once any of these rows changes, through a service or the admin.
        for model in (models.Role, models.Employee, models.Unit, models.Agency):
            for signal in (post_save, post_delete):
                signal.connect(access_changed_signal, sender=model, dispatch_uid="access")
