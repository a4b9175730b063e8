"""Sending owed messages: at most once each on every provider, retried only where the provider cannot have them.

The row is marked `sending` (with `attempted_at`) and committed before the provider is called, and marked `sent`
with the provider's message id after it answers. A row found `sending` later is never sent again by a machine: the
provider may have it. WhatsApp's status callbacks confirm it (they carry our key as `biz_opaque_callback_data`);
without a confirmation it becomes `unknown` after SIGAP_NOTIFICATION_UNKNOWN_MINUTES, for a person to check
(docs/delivery-guarantees.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sigap.notifications.conf import unconfirmed_after
from sigap.notifications.models import Notification, NotificationStatus
from sigap.notifications.transports import DeliveryUnknown, PermanentError, TransientError, transport_for

MAX_ATTEMPTS = 8
# Rows the provider may have: a machine never sends these again.
MAYBE_WITH_PROVIDER = (NotificationStatus.SENDING, NotificationStatus.UNKNOWN)


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
        if notification.status == NotificationStatus.SENDING:
            # Another worker is sending it, or a dead worker was: either way the provider may have it.
            return "in_flight"
        if notification.status != NotificationStatus.PENDING:
            return notification.status
        if notification.next_attempt_at and notification.next_attempt_at > now:
            return "not_due"
        notification.status = NotificationStatus.SENDING
        notification.attempts += 1
        notification.attempted_at = now
        notification.updated_at = now
        notification.save(update_fields=["status", "attempts", "attempted_at", "updated_at"])
    # Committed: from here on a crash leaves the row "sending", which nothing resends.
    try:
        result = transport_for(notification.channel).send(notification)
    except DeliveryUnknown as error:
        return _unknown(notification, str(error), now=now)
    except TransientError as error:
        return _failed(notification, str(error), permanent=notification.attempts >= MAX_ATTEMPTS, now=now)
    except PermanentError as error:
        return _failed(notification, str(error), permanent=True, now=now)
    except Exception as error:  # a failure of ours before the provider call; retried, never left "sending"
        return _failed(notification, f"{type(error).__name__}: {error}",
                       permanent=notification.attempts >= MAX_ATTEMPTS, now=now)
    return _sent(notification, result.provider_message_id)


def _sent(notification: Notification, provider_message_id: str) -> str:
    sent_at = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, status__in=MAYBE_WITH_PROVIDER).update(
        status=NotificationStatus.SENT, sent_at=sent_at, updated_at=sent_at,
        provider_message_id=provider_message_id, last_error="",
    )
    if not updated:
        # A status callback got here first (delivered, read): keep its status, record the id if it lacks one.
        Notification.objects.filter(pk=notification.pk, provider_message_id="").update(
            provider_message_id=provider_message_id)
    return NotificationStatus.SENT


def _unknown(notification: Notification, error: str, *, now: datetime) -> str:
    Notification.objects.filter(pk=notification.pk, status=NotificationStatus.SENDING).update(
        status=NotificationStatus.UNKNOWN, last_error=error[:2000], updated_at=now)
    return NotificationStatus.UNKNOWN


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


def mark_unconfirmed(now: datetime) -> int:
    """Rows left "sending" past the confirmation time become "unknown", for a person; they are never resent."""
    cutoff = now - unconfirmed_after()
    return Notification.objects.filter(status=NotificationStatus.SENDING).filter(
        Q(attempted_at__lte=cutoff) | Q(attempted_at__isnull=True, updated_at__lte=cutoff)
    ).update(status=NotificationStatus.UNKNOWN, updated_at=now,
             last_error="the provider never confirmed it; check with the recipient before sending it again")


def requeue_owed_notifications(now: datetime | None = None) -> int:
    """The outbox sweep: re-enqueue due rows whose send task was lost, and hand unconfirmed rows to a person."""
    now = now or timezone.now()
    from sigap.notifications.tasks import send_notification

    mark_unconfirmed(now)
    owed = Notification.objects.filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
    count = 0
    for notification_id in owed.values_list("pk", flat=True)[:5000]:
        send_notification.enqueue(notification_id)
        count += 1
    return count


def send_unconfirmed_again(*, notification_ids: Iterable[int], now: datetime | None = None) -> int:
    """A person checked that unconfirmed messages did not arrive: owe them again (the only path that resends)."""
    now = now or timezone.now()
    from sigap.notifications.tasks import send_notification

    ids = list(Notification.objects.filter(pk__in=list(notification_ids), status=NotificationStatus.UNKNOWN)
               .values_list("pk", flat=True))
    Notification.objects.filter(pk__in=ids).update(status=NotificationStatus.PENDING, next_attempt_at=now,
                                                   updated_at=now)
    for notification_id in ids:
        transaction.on_commit(partial(send_notification.enqueue, notification_id))
    return len(ids)


def deliver_owed(now: datetime | None = None, limit: int = 5000) -> int:
    """Deliver due pending rows one after another; each delivery claims its row, so parallel runs are safe."""
    now = now or timezone.now()
    ids = list(Notification.objects.filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
               .order_by("pk").values_list("pk", flat=True)[:limit])
    return sum(1 for pk in ids if deliver_notification(notification_id=pk) == NotificationStatus.SENT)
