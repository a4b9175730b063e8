from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "sigap.services"
    label = "services"
    verbose_name = _("Public services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registration only: overdue requests whose check task was lost, run by sigap.notifications' chain.
        from datetime import timedelta

        from sigap.notifications.sweeps import register_sweep
        from sigap.services.tasks import sweep_service_deadlines_at

        register_sweep("service_deadlines", sweep_service_deadlines_at,
                       next_after=lambda now: now + timedelta(hours=1))
