from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "sigap.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sigap.core import readiness
        from sigap.notifications.readiness import last_sweep_run, outbox

        readiness.register("outbox", outbox)
        readiness.register_heartbeat(last_sweep_run)
