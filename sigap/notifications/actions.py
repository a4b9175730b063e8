"""Sending owed messages, at most once each, with retries and backoff."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from sigap.notifications.conf import stale_sending
from sigap.notifications.models import Notification, NotificationStatus
from sigap.notifications.transports import PermanentError, TransientError, transport_for

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 6 * 3600))


def deliver_notification(*, notification_id: int, now: datetime | None = None) -> str:
    now = now or timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True).filter(pk=notification_id).first()
        )
        if notification is None:
            return "busy"
        if notification.status not in (NotificationStatus.PENDING, NotificationStatus.SENDING):
            return notification.status
        if notification.status == NotificationStatus.SENDING and notification.updated_at > now - stale_sending():
            # A row left "sending" longer belongs to a dead worker; the idempotency key stops a double send.
            return "in_flight"
        if notification.next_attempt_at and notification.next_attempt_at > now:
            return "not_due"
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.updated_at = now
        notification.save(update_fields=["status", "attempts", "updated_at"])
    try:
        result = transport_for(notification.channel).send(notification)
    except TransientError as error:
        return _failed(notification, str(error), permanent=notification.attempts >= MAX_ATTEMPTS, now=now)
    except PermanentError as error:
        return _failed(notification, str(error), permanent=True, now=now)
    except Exception as error:  # an unknown failure is retried, never left "sending" forever
        return _failed(notification, f"{type(error).__name__}: {error}",
                       permanent=notification.attempts >= MAX_ATTEMPTS, now=now)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), updated_at=timezone.now(),
        provider_message_id=result.provider_message_id, last_error="",
    )
    return NotificationStatus.SENT


def _failed(notification: Notification, error: str, *, permanent: bool, now: datetime) -> str:
    if permanent:
        Notification.objects.filter(pk=notification.pk).update(
            status=NotificationStatus.FAILED, last_error=error[:2000], updated_at=now
        )
        return NotificationStatus.FAILED
    retry_at = now + backoff(notification.attempts)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.PENDING, last_error=error[:2000], next_attempt_at=retry_at, updated_at=now
    )
    from sigap.notifications.tasks import send_notification

    send_notification.using(run_after=retry_at).enqueue(notification.pk)
    return "retry"


def requeue_owed_notifications(now: datetime | None = None) -> int:
    now = now or timezone.now()
    from sigap.notifications.tasks import send_notification

    owed = Notification.objects.filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now) | (
        Notification.objects.filter(status=NotificationStatus.SENDING, updated_at__lte=now - stale_sending())
    )
    count = 0
    for notification_id in owed.values_list("pk", flat=True)[:5000]:
        send_notification.enqueue(notification_id)
        count += 1
    return count


def deliver_owed(now: datetime | None = None, limit: int = 5000) -> int:
    """Deliver due pending rows one after another; each delivery claims its row, so parallel runs are safe."""
    now = now or timezone.now()
    ids = list(Notification.objects.filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
               .order_by("pk").values_list("pk", flat=True)[:limit])
    return sum(1 for pk in ids if deliver_notification(notification_id=pk) == NotificationStatus.SENT)
