from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "sigap.channels"
    label = "channels"
    verbose_name = _("Channels")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registration only: WhatsApp's recurring sweeps, run by sigap.notifications' chain without naming us.
        from sigap.channels import sweeps
        from sigap.notifications.sweeps import register_sweep

        # Idle conversations closed; inbox items whose task was lost; payloads and silent citizens' contacts past
        # the retention setting.
        register_sweep("whatsapp_conversations", sweeps.expire_conversations,
                       next_after=sweeps.next_conversation_sweep)
        register_sweep("whatsapp_inbox", sweeps.requeue_inbox, next_after=sweeps.next_inbox_sweep)
        register_sweep("whatsapp_retention", sweeps.forget_old_inbox, next_after=sweeps.next_retention_sweep)
