from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "sigap.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from sigap.core import readiness
        from sigap.notifications import checks  # noqa: F401 - registers the deployment check
        from sigap.notifications.readiness import last_sweep_run, outbox

        readiness.register("outbox", outbox)
        readiness.register_heartbeat(last_sweep_run)
        _register_sweeps()


def _register_sweeps() -> None:
    """The outbox's own sweep, and the kernel's: sigap.core sits below us and may not import us to register it."""
    from datetime import timedelta

    from sigap.core.task_claims import reclaim_stale_claims
    from sigap.notifications.actions import requeue_owed_notifications
    from sigap.notifications.conf import notification_sweep_minutes, task_claim_sweep_minutes
    from sigap.notifications.sweeps import register_sweep

    register_sweep("notifications", requeue_owed_notifications,
                   next_after=lambda now: now + timedelta(minutes=notification_sweep_minutes()))
    # Tasks claimed by a worker that was killed go back to the queue.
    register_sweep("task_claims", reclaim_stale_claims,
                   next_after=lambda now: now + timedelta(minutes=task_claim_sweep_minutes()))
