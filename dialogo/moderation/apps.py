from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "dialogo.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from dialogo.inbox.queries import register_conversation_set
        from dialogo.moderation import desk  # noqa: F401  (alerts and acts on the inbox's pages)
        from dialogo.moderation.services import alert_conversations

        # The inbox's "?alert=<id>" lists the conversations behind the alert.
        register_conversation_set("alert", alert_conversations)
