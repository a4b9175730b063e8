from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sigap.reports"
    label = "reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registration only: the recurring-sweep chain (sigap.notifications, below us) runs these without naming us.
        from datetime import timedelta

        from sigap.notifications.conf import deadline_sweep_hour
        from sigap.notifications.sweeps import next_daily, register_sweep
        from sigap.reports.idempotency import sweep_expired_keys
        from sigap.reports.tasks import sweep_due_reports

        register_sweep("deadlines", sweep_due_reports, next_after=lambda now: next_daily(now, deadline_sweep_hour()))
        # Idempotency-Keys and web form tokens past their lifetime are forgotten.
        register_sweep("intake_keys", sweep_expired_keys, next_after=lambda now: now + timedelta(hours=1))
