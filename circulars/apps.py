from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircularsConfig(AppConfig):
    name = "circulars"
    verbose_name = _("Surat Edaran")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import models
        from .governing import policies_changed_signal

        # Edits outside the services (the admin, fixtures) change what governs too.
        rows = (models.Circular, models.Window, models.Limit, models.Priority, models.DayOff)
        for model in rows:
            for signal in (post_save, post_delete):
                signal.connect(policies_changed_signal, sender=model, dispatch_uid="governing")
        links = (
            models.Circular.exempt_units.through,
            models.Circular.addressed_regions.through,
            models.Priority.regions.through,
        )
        for through in links:
            m2m_changed.connect(policies_changed_signal, sender=through, dispatch_uid="governing")
