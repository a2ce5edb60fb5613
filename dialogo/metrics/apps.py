from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "dialogo.metrics"
    label = "metrics"
    verbose_name = _("Metrics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dialogo.metrics import receivers  # noqa: F401  (connects the signal handlers)
