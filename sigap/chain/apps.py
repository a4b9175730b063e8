from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainConfig(AppConfig):
    name = "sigap.chain"
    label = "chain"
    verbose_name = _("Communication chain")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registration only: reminders/escalations whose scheduled task was lost, run by sigap.notifications' chain.
        from datetime import timedelta

        from sigap.chain.actions.announce import sweep_silent_deliveries
        from sigap.notifications.sweeps import register_sweep

        register_sweep("chain", sweep_silent_deliveries, next_after=lambda now: now + timedelta(minutes=15))
