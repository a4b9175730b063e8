"""The WhatsApp sender behind the outbox, against a fake Graph API on 127.0.0.1, and delivery statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sigap.channels.models import InboxItem, MessageTemplate, WhatsAppContact
from sigap.notifications.actions import deliver_notification
from sigap.notifications.models import Notification
from sigap.notifications.outbox import owe
from tests.integration.whatsapp_support import fake_graph, fixture_bytes, post_signed, run_queued_tasks

pytestmark = pytest.mark.django_db
ADDRESS = "6281299990005"


@pytest.fixture
def graph(settings):
    settings.SIGAP_NOTIFICATION_TRANSPORTS = {"whatsapp": "sigap.channels.transport.WhatsAppTransport"}
    settings.WHATSAPP_MIN_GAP_MS = 0
    with fake_graph() as fake:
        settings.WHATSAPP_API_BASE = fake.base
        yield fake


def contact(last_inbound_hours_ago: float) -> WhatsAppContact:
    now = timezone.now()
    return WhatsAppContact.objects.create(wa_id=ADDRESS, phone=f"+{ADDRESS}", created_at=now,
                                          last_inbound_at=now - timedelta(hours=last_inbound_hours_ago))


def owed(template: str = "report_resolved", **context: object) -> Notification:
    row = owe(channel="whatsapp", address=ADDRESS, template=template, key=f"k:{template}:{len(context)}",
              context={"tracking_id": "BBU-7K3M9Q", "message": "Sudah ditambal", "reporter_url": "https://x/y",
                       **context})
    assert row is not None
    return row


def test_within_24_hours_a_notification_goes_as_free_text(graph):
    contact(last_inbound_hours_ago=23)
    row = owed()
    assert deliver_notification(notification_id=row.pk) == "sent"
    [message] = graph.messages()
    assert message["type"] == "text" and "BBU-7K3M9Q" in message["text"]["body"]
    assert message["to"] == ADDRESS
    assert graph.requests[0]["path"] == "/v21.0/100000000000001/messages"
    assert graph.requests[0]["auth"] == "Bearer test-access-token"
    row.refresh_from_db()
    assert row.provider_message_id == "wamid.OUT1"


def test_after_25_hours_a_notification_goes_as_the_configured_template(graph):
    contact(last_inbound_hours_ago=25)
    MessageTemplate.objects.create(notification_template="report_resolved", name="laporan_selesai", language="id",
                                   parameters="tracking_id,reporter_url")
    row = owed()
    assert deliver_notification(notification_id=row.pk) == "sent"
    [message] = graph.messages()
    assert message["type"] == "template"
    assert message["template"]["name"] == "laporan_selesai"
    assert message["template"]["language"] == {"code": "id"}
    assert [p["text"] for p in message["template"]["components"][0]["parameters"]] == ["BBU-7K3M9Q", "https://x/y"]


def test_someone_who_never_wrote_gets_a_template_too(graph):
    MessageTemplate.objects.create(notification_template="report_resolved", name="laporan_selesai")
    row = owed()
    deliver_notification(notification_id=row.pk)
    assert graph.messages()[0]["type"] == "template"


def test_outside_the_window_without_a_template_the_row_fails_and_nothing_is_sent(graph):
    contact(last_inbound_hours_ago=25)
    row = owed()
    assert deliver_notification(notification_id=row.pk) == "failed"
    assert graph.messages() == []
    row.refresh_from_db()
    assert "template" in row.last_error


def test_buttons_in_the_context_become_an_interactive_message(graph):
    contact(last_inbound_hours_ago=1)
    row = owed("announcement", body="Kerja bakti Minggu pagi.", buttons=[{"id": "chain:ack:1", "title": "Terima"}])
    deliver_notification(notification_id=row.pk)
    [message] = graph.messages()
    assert message["type"] == "interactive"
    assert message["interactive"]["action"]["buttons"] == [
        {"type": "reply", "reply": {"id": "chain:ack:1", "title": "Terima"}}]


@pytest.mark.parametrize("status", [429, 500, 503])
def test_429_and_5xx_are_retried_later(graph, status):
    contact(last_inbound_hours_ago=1)
    graph.send_failures.append((status, {"error": {"code": 130429, "message": "rate limit"}}))
    row = owed()
    assert deliver_notification(notification_id=row.pk) == "retry"
    row.refresh_from_db()
    assert row.status == "pending" and row.next_attempt_at > timezone.now()
    assert deliver_notification(notification_id=row.pk, now=row.next_attempt_at) == "sent"
    assert len(graph.messages()) == 2


def test_meta_refusing_outside_the_window_is_a_permanent_failure(graph):
    contact(last_inbound_hours_ago=1)
    graph.send_failures.append((400, {"error": {"code": 131047, "message": "Re-engagement message"}}))
    row = owed()
    assert deliver_notification(notification_id=row.pk) == "failed"
    row.refresh_from_db()
    assert "131047" in row.last_error


def test_unreachable_graph_api_is_retried(settings):
    settings.SIGAP_NOTIFICATION_TRANSPORTS = {"whatsapp": "sigap.channels.transport.WhatsAppTransport"}
    settings.WHATSAPP_API_BASE = "http://127.0.0.1:9/v21.0"
    settings.WHATSAPP_HTTP_TIMEOUT = 2
    row = owed()
    MessageTemplate.objects.create(notification_template="report_resolved", name="laporan_selesai")
    assert deliver_notification(notification_id=row.pk) == "retry"


def test_messages_to_one_person_are_spaced(settings):
    from sigap.channels.transport import reserve_slot

    settings.WHATSAPP_MIN_GAP_MS = 1000
    person = contact(last_inbound_hours_ago=1)
    now = timezone.now()
    assert reserve_slot(person, now) == 0
    assert reserve_slot(person, now) == pytest.approx(1.0)
    assert reserve_slot(person, now) == pytest.approx(2.0)


@pytest.mark.parametrize(("fixture", "expected"), [
    ("pywa_status_sent.json", "sent"), ("pywa_status_delivered.json", "delivered"),
    ("pywa_status_read.json", "read"), ("pywa_status_failed.json", "failed")])
def test_a_status_callback_updates_the_matching_outbox_row(client, run_on_commit, fixture, expected):
    row = owed()
    Notification.objects.filter(pk=row.pk).update(status="sent", provider_message_id="wamid.xyzxyz")
    with run_on_commit(execute=True):
        assert post_signed(client, fixture_bytes(fixture)).status_code == 200
    run_queued_tasks()
    row.refresh_from_db()
    assert row.status == expected
    if expected == "failed":
        assert row.last_error.startswith("130472")
    assert InboxItem.objects.get().processed_at is not None


def test_a_late_delivered_status_does_not_undo_read(client, run_on_commit):
    row = owed()
    Notification.objects.filter(pk=row.pk).update(status="sent", provider_message_id="wamid.xyzxyz")
    with run_on_commit(execute=True):
        post_signed(client, fixture_bytes("pywa_status_read.json"))
        post_signed(client, fixture_bytes("pywa_status_delivered.json"))
    run_queued_tasks()
    row.refresh_from_db()
    assert row.status == "read"
