from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PqrsdConfig(AppConfig):
    name = "dialogo.pqrsd"
    label = "pqrsd"
    verbose_name = _("PQRSD requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dialogo.core.audit import ACTION_LABELS
        from dialogo.pqrsd import signals  # noqa: F401  (connects the receivers)
        from dialogo.pqrsd.models import Step

        # The audit page names PQRSD acts like every other act.
        for step in Step:
            ACTION_LABELS.setdefault(f"pqrsd.{step.value}", step.label)
        ACTION_LABELS.setdefault("pqrsd.alerts", _("Sent PQRSD deadline alerts"))
        ACTION_LABELS.setdefault("pqrsd.code_reissued", _("Issued a new PQRSD tracking code"))
        ACTION_LABELS.setdefault("pqrsd.config_settings", _("Changed the PQRSD rules"))
        ACTION_LABELS.setdefault("pqrsd.config_type", _("Changed a PQRSD request type"))
        ACTION_LABELS.setdefault("pqrsd.config_new_type", _("Added a PQRSD request type"))
        ACTION_LABELS.setdefault("pqrsd.config_office", _("Added an office"))
        ACTION_LABELS.setdefault("webform.reference", _("Gave a web form reference"))
