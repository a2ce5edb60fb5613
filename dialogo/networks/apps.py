from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "dialogo.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from dialogo.networks import registry, secrets  # noqa: F401  (secrets: key rotation)

        registry.autodiscover()
