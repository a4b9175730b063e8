"""The outbox as /readyz reports it: messages owed and not sent long after they were due."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sigap.notifications.models import Notification, NotificationStatus

# Sending is retried with backoff; a message still pending this long after its attempt was due means no one sends.
OVERDUE_AFTER = timedelta(minutes=15)


def outbox(now: datetime) -> dict[str, Any]:
    overdue = Notification.objects.filter(status=NotificationStatus.PENDING,
                                          next_attempt_at__lte=now - OVERDUE_AFTER).count()
    failed = Notification.objects.filter(status=NotificationStatus.FAILED).count()
    return {"status": "backlog" if overdue else "ok", "overdue": overdue, "failed": failed}
