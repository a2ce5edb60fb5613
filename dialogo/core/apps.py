from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dialogo.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from dialogo.core import checks, signals  # noqa: F401  (deploy checks, login auditing)

        # Each app's periodic jobs (`<app>/periodic.py`) connect to the scheduler's signal.
        autodiscover_modules("periodic")
