from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "sigap.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registration only: fold new events into the facts and rollups every minute, so a page view only ever
        # folds the last minute's events (run by sigap.notifications' recurring-sweep chain).
        from datetime import timedelta

        from sigap.dashboard.tasks import catch_up_sweep
        from sigap.notifications.sweeps import register_sweep

        register_sweep("dashboard_aggregates", catch_up_sweep, next_after=lambda now: now + timedelta(minutes=1))
