from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "dialogo.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from dialogo.triage import receivers  # noqa: F401  (classify on message_received)
