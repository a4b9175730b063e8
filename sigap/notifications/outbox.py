"""Owing a message: one outbox row per recipient and channel, written in the caller's transaction.

The row's idempotency key makes owing the same message twice a no-op; the send task is enqueued on commit, and a
sweep re-enqueues rows whose task was lost, so a message owed is sent even if a worker dies.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sigap.notifications.models import Notification, NotificationChannel, NotificationStatus

# A reply in someone's WhatsApp conversation (sigap.channels): its text is the dialogue itself, which can list the
# number's own reports and carry their secret links, so the admin never shows it (sigap.reports.admin).
CONVERSATION_REPLY = "whatsapp_reply"


def owe(
    *,
    channel: NotificationChannel | str,
    address: str,
    template: str,
    context: dict[str, Any],
    key: str,
    report_id: int | None = None,
    user_id: int | None = None,
    now: datetime | None = None,
    enqueue_send: bool = True,
) -> Notification | None:
    """Record one owed message; returns None when the same key was already owed.

    `enqueue_send=False` is for a caller that delivers the row from a task of its own (intake's one task per
    report, enqueued with the report); the retry sweep covers such rows like any other.
    """
    if not address:
        return None
    now = now or timezone.now()
    notification = Notification(**owed_row(channel=channel, address=address, template=template, context=context,
                                           key=key, report_id=report_id, user_id=user_id, now=now))
    notification_id = _insert_once(notification)
    if notification_id is None:
        return None
    notification.pk = notification_id
    notification._state.adding = False
    notification._state.db = connection.alias
    if enqueue_send:
        transaction.on_commit(lambda: _enqueue_send(notification_id))
    return notification


def owed_row(*, channel: NotificationChannel | str, address: str, template: str, context: dict[str, Any], key: str,
             report_id: int | None, user_id: int | None, now: datetime) -> dict[str, Any]:
    """The outbox row owing one message, as column values: `owe` inserts one, a batched writer (the escalation
    sweep) inserts many, and both write the same row for the same message. Columns not named take their
    defaults (no attempts yet, nothing sent)."""
    return {
        "idempotency_key": key[:200],
        "channel": str(channel),
        "template": template,
        "context": context,
        "recipient_address": address,
        "recipient_user_id": user_id,
        "report_id": report_id,
        "status": NotificationStatus.PENDING.value,
        "created_at": now,
        "updated_at": now,
        "next_attempt_at": now,
    }


def _insert_once(notification: Notification) -> int | None:
    """INSERT … ON CONFLICT (idempotency_key) DO NOTHING RETURNING id (PostgreSQL, SQLite ≥ 3.35).

    One round trip and no savepoint: a savepoint around an ordinary INSERT would cost two more round trips on
    every owed message just to survive the rare repeat, which this statement answers with no row instead.
    """
    fields = [field for field in Notification._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(Notification._meta.db_table)} "  # noqa: S608
           f"({', '.join(quote(str(field.column)) for field in fields)}) VALUES ({', '.join(['%s'] * len(fields))}) "
           f"ON CONFLICT ({quote('idempotency_key')}) DO NOTHING RETURNING {quote('id')}")
    params = [field.get_db_prep_save(field.pre_save(notification, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _enqueue_send(notification_id: int) -> None:
    from sigap.notifications.tasks import send_notification

    send_notification.enqueue(notification_id)


def contact_channels(*, phone: str = "", email: str = "", whatsapp_id: str = "") -> Iterable[tuple[str, str]]:
    """The (channel, address) pairs a person can be reached on: WhatsApp first, where they live."""
    if whatsapp_id or phone:
        yield NotificationChannel.WHATSAPP, whatsapp_id or phone
    if email:
        yield NotificationChannel.EMAIL, email
