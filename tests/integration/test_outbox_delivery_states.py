"""At most once on every provider: a message the provider may have is never sent again by a machine.

The row is marked "sending" before the provider is called; a row found "sending" is left alone; a timeout is
"unknown"; WhatsApp's status callbacks (which repeat our key as biz_opaque_callback_data) confirm such rows; what no
callback confirms becomes "unknown" for a person, who alone can send it again. See docs/delivery-guarantees.md.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from sigap.channels.models import MessageTemplate
from sigap.notifications.actions import deliver_notification, requeue_owed_notifications, send_unconfirmed_again
from sigap.notifications.conf import unconfirmed_after
from sigap.notifications.models import Notification, NotificationStatus
from sigap.notifications.outbox import owe
from sigap.notifications.transports import RecordingTransport, SendResult
from tests.integration.whatsapp_support import fake_graph, post_signed, run_queued_tasks, status_payload

pytestmark = pytest.mark.django_db
# In the past, so rows owed then are due for a worker that reads the real clock.
NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)
ADDRESS = "6281299990005"


def owed(key: str = "k:1", channel: str = "whatsapp", address: str = ADDRESS) -> Notification:
    row = owe(channel=channel, address=address, template="report_received", key=key, now=NOW,
              context={"tracking_id": "BBU-7K3M9Q", "title": "Jalan berlubang", "reporter_url": "https://x/y"},
              enqueue_send=False)
    assert row is not None
    return row


def left_sending(row: Notification, *, attempted_at: datetime) -> None:
    """What a worker killed during the provider call leaves behind."""
    Notification.objects.filter(pk=row.pk).update(status=NotificationStatus.SENDING, attempted_at=attempted_at,
                                                  attempts=1, updated_at=attempted_at)


class SeeingTransport:
    """A provider that notes how the outbox row looked while it was being called."""

    seen: list[tuple[str, datetime | None]] = []

    def send(self, notification: Notification) -> SendResult:
        row = Notification.objects.get(pk=notification.pk)
        self.seen.append((row.status, row.attempted_at))
        return SendResult(provider_message_id="wamid.SEEN")


def test_the_row_is_marked_sending_with_its_attempt_time_before_the_provider_is_called(settings) -> None:
    # given an owed message and a provider that looks at the row while it is called
    settings.SIGAP_NOTIFICATION_TRANSPORTS = {"whatsapp": f"{__name__}.SeeingTransport"}
    SeeingTransport.seen.clear()
    row = owed()

    # when it is delivered
    assert deliver_notification(notification_id=row.pk, now=NOW) == NotificationStatus.SENT

    # then the provider saw it "sending" since now, and afterwards it is "sent" with the provider's id
    assert SeeingTransport.seen == [(NotificationStatus.SENDING, NOW)]
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == (NotificationStatus.SENT, "wamid.SEEN")


def test_a_row_found_sending_after_a_restart_is_never_sent_again() -> None:
    # given a row a killed worker left "sending"
    row = owed()
    left_sending(row, attempted_at=NOW)

    # when workers come back to it, soon and a day later
    outcomes = [deliver_notification(notification_id=row.pk, now=NOW + later)
                for later in (timedelta(minutes=1), timedelta(days=1))]

    # then nothing is sent: the provider may already have it
    assert outcomes == ["in_flight", "in_flight"]
    assert RecordingTransport.sent == []


def test_a_row_unconfirmed_past_the_limit_becomes_unknown_for_a_person_and_is_not_resent() -> None:
    # given one row left "sending" past the confirmation limit and one still within it
    old, fresh = owed("k:old"), owed("k:fresh")
    left_sending(old, attempted_at=NOW - unconfirmed_after() - timedelta(minutes=1))
    left_sending(fresh, attempted_at=NOW - unconfirmed_after() + timedelta(minutes=1))

    # when the outbox sweep runs
    requeued = requeue_owed_notifications(now=NOW)

    # then the old one is "unknown", the fresh one still waits, and nothing was queued for sending
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (NotificationStatus.UNKNOWN, NotificationStatus.SENDING)
    assert requeued == 0
    assert "check with the recipient" in old.last_error


def test_the_whatsapp_sender_sends_the_outbox_key_as_callback_data(settings) -> None:
    # given the real WhatsApp sender against a fake Graph API
    settings.SIGAP_NOTIFICATION_TRANSPORTS = {"whatsapp": "sigap.channels.transport.WhatsAppTransport"}
    settings.WHATSAPP_MIN_GAP_MS = 0
    MessageTemplate.objects.create(notification_template="report_received", name="laporan_diterima")
    row = owed("report:1:1:report_received:whatsapp:6281299990005")
    with fake_graph() as graph:
        settings.WHATSAPP_API_BASE = graph.base

        # when it sends the row
        assert deliver_notification(notification_id=row.pk, now=NOW) == NotificationStatus.SENT

    # then Meta was given our key, to repeat in every status of that message
    [message] = graph.messages()
    assert message["biz_opaque_callback_data"] == "report:1:1:report_received:whatsapp:6281299990005"


def test_a_provider_timeout_is_unknown_not_failed_and_not_retried(settings) -> None:
    # given a Graph API that takes the message but answers after the sender stopped waiting
    settings.SIGAP_NOTIFICATION_TRANSPORTS = {"whatsapp": "sigap.channels.transport.WhatsAppTransport"}
    settings.WHATSAPP_MIN_GAP_MS = 0
    settings.WHATSAPP_HTTP_TIMEOUT = 0.3
    MessageTemplate.objects.create(notification_template="report_received", name="laporan_diterima")
    row = owed()
    with fake_graph() as graph:
        settings.WHATSAPP_API_BASE = graph.base
        graph.hold_from = 1

        # when the row is delivered, and delivered again
        first = deliver_notification(notification_id=row.pk, now=NOW)
        again = deliver_notification(notification_id=row.pk, now=NOW + timedelta(hours=1))

    # then it is "unknown" after one call, and the second attempt called nobody
    row.refresh_from_db()
    assert (first, again, row.status) == ("unknown", "unknown", NotificationStatus.UNKNOWN)
    assert "TimeoutError" in row.last_error or "timed out" in row.last_error
    assert len(graph.messages()) == 1


@pytest.mark.parametrize("left_as", [NotificationStatus.SENDING, NotificationStatus.UNKNOWN])
def test_a_status_callback_confirms_a_row_whose_wamid_was_never_stored(client, run_on_commit, left_as) -> None:
    # given a row the provider took but whose answer never reached the database
    row = owed("report:9:2:report_dispatched:whatsapp:6281299990005")
    left_sending(row, attempted_at=NOW)
    Notification.objects.filter(pk=row.pk).update(status=left_as)

    # when Meta's "delivered" status for it arrives, carrying our key
    with run_on_commit(execute=True):
        response = post_signed(client, status_payload("wamid.LATE1", "delivered", callback_data=row.idempotency_key))
    run_queued_tasks()

    # then the row is confirmed with Meta's id and time, without anything sent again
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == (NotificationStatus.DELIVERED, "wamid.LATE1")
    assert row.sent_at == datetime.fromtimestamp(1760000000, tz=UTC)
    assert RecordingTransport.sent == []


def test_a_callback_for_an_older_message_of_a_row_sent_again_does_not_touch_it(client, run_on_commit) -> None:
    # given a row a person sent again, now known by its second wamid
    row = owed()
    Notification.objects.filter(pk=row.pk).update(status=NotificationStatus.SENT, provider_message_id="wamid.NEW")

    # when a late "read" of the first message arrives with the same key
    with run_on_commit(execute=True):
        post_signed(client, status_payload("wamid.OLD", "read", callback_data=row.idempotency_key))
    run_queued_tasks()

    # then the row keeps its own message's state
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == (NotificationStatus.SENT, "wamid.NEW")


class CutMidSendBackend(BaseEmailBackend):
    """An SMTP server that drops the connection after it was given the message."""

    def send_messages(self, email_messages: object) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that cannot be reached."""

    def open(self) -> bool:
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages: object) -> int:
        raise AssertionError("never reached")


def test_an_email_cut_mid_send_is_unknown_and_never_resent(settings) -> None:
    # given an SMTP server that drops the line after taking the message
    settings.EMAIL_BACKEND = f"{__name__}.CutMidSendBackend"
    row = owed(channel="email", address="warga@example.com")

    # when it is delivered, and the sweep runs later
    outcome = deliver_notification(notification_id=row.pk, now=NOW)
    requeued = requeue_owed_notifications(now=NOW + timedelta(days=1))

    # then it is "unknown" and nothing will send it again
    row.refresh_from_db()
    assert (outcome, row.status, requeued) == ("unknown", NotificationStatus.UNKNOWN, 0)


def test_an_email_server_that_cannot_be_reached_is_retried_later(settings) -> None:
    # given an SMTP server that refuses the connection (so it cannot have the message)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    row = owed(channel="email", address="warga@example.com")

    # when it is delivered
    outcome = deliver_notification(notification_id=row.pk, now=NOW)

    # then it waits for a retry
    row.refresh_from_db()
    assert (outcome, row.status) == ("retry", NotificationStatus.PENDING)


def test_only_a_person_sends_an_unconfirmed_message_again(run_on_commit) -> None:
    # given an unknown row and a sent one
    unknown, sent = owed("k:unknown"), owed("k:sent")
    Notification.objects.filter(pk=unknown.pk).update(status=NotificationStatus.UNKNOWN)
    Notification.objects.filter(pk=sent.pk).update(status=NotificationStatus.SENT)

    # when a person who checked with the recipient sends both again
    with run_on_commit(execute=True):
        count = send_unconfirmed_again(notification_ids=[unknown.pk, sent.pk], now=NOW)
    run_queued_tasks()

    # then only the unknown one goes out, once
    assert count == 1
    assert [message["key"] for message in RecordingTransport.sent] == ["k:unknown"]


def test_the_admin_sends_an_unconfirmed_message_again_only_on_a_persons_request(client, user, run_on_commit) -> None:
    # given an unknown row, and the system administrator signed in to the admin
    row = owed("k:admin")
    Notification.objects.filter(pk=row.pk).update(status=NotificationStatus.UNKNOWN)
    client.force_login(user("admin"))

    # when they choose "send again" for it
    with run_on_commit(execute=True):
        response = client.post("/admin/notifications/notification/",
                               {"action": "send_again", "_selected_action": [row.pk]}, follow=True)
    run_queued_tasks()

    # then it is sent once more, and they are told so
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert [message["key"] for message in RecordingTransport.sent] == ["k:admin"]
