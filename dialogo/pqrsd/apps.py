from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PqrsdConfig(AppConfig):
    name = "dialogo.pqrsd"
    label = "pqrsd"
    verbose_name = _("PQRSD requests")
    default_auto_field = "django.db.models.BigAutoField"
