from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandingConfig(AppConfig):
    name = "standing"
    verbose_name = _("Kerja fleksibel tetap")
