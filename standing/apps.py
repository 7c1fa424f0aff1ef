from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandingConfig(AppConfig):
    name = "standing"
    verbose_name = _("Kerja fleksibel tetap")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from circulars.governing import policies_changed_signal

        from . import models

        # A standing policy is a layer of what governs: edits outside the services
        # (the admin, fixtures) make the cached policies stale too.
        for model in (models.StandingPolicy, models.StandingLimit, models.StandingShift):
            for signal in (post_save, post_delete):
                signal.connect(policies_changed_signal, sender=model, dispatch_uid="governing")
