"""The outbox and the sweeps as /readyz reports them: messages owed and not sent long after they were due, and
the last time a worker ran a recurring sweep (the worker's heartbeat: one sweep runs every minute)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Max, Min

from sigap.notifications.models import Notification, NotificationStatus, RecurringSweep

# Sending is retried with backoff; a message still pending this long after its attempt was due means no one sends.
OVERDUE_AFTER = timedelta(minutes=15)
OWED = (NotificationStatus.PENDING, NotificationStatus.SENDING)


def outbox(now: datetime) -> dict[str, Any]:
    overdue = Notification.objects.filter(status=NotificationStatus.PENDING,
                                          next_attempt_at__lte=now - OVERDUE_AFTER).count()
    failed = Notification.objects.filter(status=NotificationStatus.FAILED).count()
    state: dict[str, Any] = {"status": "backlog" if overdue else "ok", "overdue": overdue, "failed": failed}
    oldest = Notification.objects.filter(status__in=OWED).aggregate(oldest=Min("created_at"))["oldest"]
    if oldest is not None:  # the lag: how long the oldest message still owed has waited since it was owed
        state["oldest_owed_seconds"] = max(0, int((now - oldest).total_seconds()))
    return state


def last_sweep_run() -> datetime | None:
    when: datetime | None = RecurringSweep.objects.aggregate(last=Max("last_run_at"))["last"]
    return when
