"""The WhatsApp side of the Django admin never links a number to the anonim report it filed.

An anonim web reporter who gave a phone can talk to the WhatsApp bot from that number ("my reports", the status of
their own report, a dispute). The inbox, the conversation and the outbox's replies would then put that number next to
the report's tracking ID (and the reporter's secret link): the identity the audited reveal guards.
"""

from __future__ import annotations

from typing import Any

import pytest

from sigap.channels.models import Conversation, InboxItem
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import make_report, photo
from tests.integration.whatsapp_support import (
    message_payload,
    post_signed,
    run_queued_tasks,
    status_payload,
    tap,
    text,
)

pytestmark = pytest.mark.django_db

WA_ID, PHONE, PROFILE_NAME = "6281299990001", "+6281299990001", "Wa Ode Rahasia"
OUTBOX, INBOX = "/admin/notifications/notification/", "/admin/channels/inboxitem/"
CONVERSATIONS = "/admin/channels/conversation/"


@pytest.fixture
def say(client, run_on_commit):
    """Send one message from the reporter's number through the real webhook and task."""

    def send(message: dict[str, Any]) -> None:
        with run_on_commit(execute=True):
            assert post_signed(client, message_payload(message, wa_id=WA_ID, name=PROFILE_NAME)).status_code == 200
        run_queued_tasks()

    return send


@pytest.fixture
def admin_client(client, user) -> Any:
    client.force_login(user("admin"))
    return client


def anonim_report(**overrides: Any) -> Report:
    return make_report(anonim=True, reporter_name="Rahasia", reporter_phone=PHONE, reporter_email="", **overrides)


def resolved(report: Report, user: Any) -> Report:
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    actions.resolve_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"),
                           message="Lubang sudah ditambal.", photo=photo())
    return Report.objects.get(pk=report.pk)


def test_the_outbox_hides_what_the_bot_told_a_number_about_its_own_reports(say, admin_client) -> None:
    # given an anonim reporter who asks the bot, from their number, for their reports and for one's status
    report = anonim_report()
    say(tap("menu:mine"))
    say(text(report.tracking_id))
    replies = list(Notification.objects.filter(template="whatsapp_reply", recipient_address=WA_ID))
    assert any(report.reporter_token in str(row.context) for row in replies)  # the reply does carry it

    # when an admin opens each reply in the outbox
    bodies = [admin_client.get(f"{OUTBOX}{row.pk}/change/").content.decode() for row in replies]

    # then no reply shows the tracking ID or the secret link next to the number
    assert all(report.tracking_id not in body and report.reporter_token not in body for body in bodies)


def test_the_outbox_still_lists_a_reply_with_its_address_and_state(say, admin_client) -> None:
    # given a number that greeted the bot
    say(text("halo"))

    # when an admin lists the outbox
    listing = admin_client.get(OUTBOX).content.decode()

    # then the reply is there, addressed, so delivery problems can still be followed
    assert WA_ID in listing and "whatsapp_reply" in listing


def test_the_inbox_never_shows_a_message_s_content_or_sender(say, admin_client) -> None:
    # given the reporter's number asked for the status of their anonim report
    report = anonim_report()
    say(text(report.tracking_id))
    item = InboxItem.objects.get(kind="message")

    # when an admin opens the inbox item
    body = admin_client.get(f"{INBOX}{item.pk}/change/").content.decode()

    # then it shows what processing needs (the key and the outcome), not the number, name or text
    assert item.key in body
    assert report.tracking_id not in body and WA_ID not in body and PROFILE_NAME not in body


def test_the_inbox_never_shows_the_number_a_status_is_about(client, admin_client, run_on_commit) -> None:
    # given Meta reports a message delivered to the anonim reporter's number (the outbox row shows the message id)
    make_report(anonim=True, reporter_phone=PHONE, reporter_email="")
    with run_on_commit(execute=True):
        assert post_signed(client, status_payload("wamid.RECEIPT1", "delivered", recipient=WA_ID)).status_code == 200
    item = InboxItem.objects.get(kind="status")

    # when an admin opens the status item
    body = admin_client.get(f"{INBOX}{item.pk}/change/").content.decode()

    # then the message id shows, the number it went to does not
    assert "wamid.RECEIPT1" in body and WA_ID not in body


def test_a_conversation_in_a_dispute_does_not_show_which_report_it_disputes(say, admin_client, user) -> None:
    # given the anonim reporter's number started disputing their resolved report
    report = resolved(anonim_report(), user)
    say(tap(f"act:dispute:{report.tracking_id}"))
    conversation = Conversation.objects.get(contact__wa_id=WA_ID)
    assert conversation.data.get("tracking_id") == report.tracking_id

    # when an admin opens the conversation (and its list)
    detail = admin_client.get(f"{CONVERSATIONS}{conversation.pk}/change/").content.decode()
    listing = admin_client.get(CONVERSATIONS).content.decode()

    # then the report's tracking ID is nowhere next to the contact
    assert report.tracking_id not in detail and report.tracking_id not in listing


def test_a_conversation_cannot_be_edited_in_the_admin(say, admin_client) -> None:
    # given a conversation (the dialogue engine is its one writer)
    say(text("halo"))
    conversation = Conversation.objects.get(contact__wa_id=WA_ID)

    # when an admin posts a change to it
    response = admin_client.post(f"{CONVERSATIONS}{conversation.pk}/change/", {"state": "idle", "data": "{}"})

    # then it is refused and nothing changes
    assert response.status_code == 403
    assert Conversation.objects.get(pk=conversation.pk).data == conversation.data


def test_the_inbox_and_conversations_refuse_a_filter_on_what_they_hide(say, admin_client, user) -> None:
    # given the anonim reporter's number asked about, and started disputing, their report
    report = resolved(anonim_report(), user)
    say(text(report.tracking_id))
    say(tap(f"act:dispute:{report.tracking_id}"))

    # when the lists are asked to filter on the hidden payload or data (which would answer "who filed this report")
    inbox = admin_client.get(INBOX, {"payload__icontains": report.tracking_id})
    conversations = admin_client.get(CONVERSATIONS, {"data__icontains": report.tracking_id})

    # then both lookups are refused
    assert inbox.status_code == 400 and conversations.status_code == 400
