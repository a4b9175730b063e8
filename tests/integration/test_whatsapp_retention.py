"""WhatsApp retention: after SIGAP_WHATSAPP_INBOX_RETENTION_DAYS an inbox item keeps only what deduplication
needs (its key, the message id) and a silent citizen's contact (profile name, number) is dropped, by a daily sweep
on the recurring-sweep chain. Idempotent."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from sigap.channels.models import Conversation, InboxItem, WhatsAppContact
from sigap.channels.retention import forget_old_inbox
from sigap.notifications.models import Notification, RecurringSweep
from sigap.notifications.sweeps import ensure_scheduled, run_sweep_now
from tests.integration.whatsapp_support import message_payload, post_signed, run_queued_tasks, text

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
SENT = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
NAME, WA_ID = "Wa Ode Warga", "6281299990001"


@pytest.fixture
def old_message(client, run_on_commit) -> Iterator[bytes]:
    """One message from a citizen on SENT, stored and processed; yields the exact body Meta delivered."""
    body = message_payload(text("halo"), wa_id=WA_ID, name=NAME)
    with time_machine.travel(SENT, tick=False):
        with run_on_commit(execute=True):
            assert post_signed(client, body).status_code == 200
        run_queued_tasks()
    yield body


def test_an_old_message_keeps_its_id_and_loses_its_payload(old_message) -> None:
    # given a message 91 days old
    item = InboxItem.objects.get()

    # when the retention sweep runs
    forget_old_inbox(now=SENT + timedelta(days=91))

    # then the key and message id stay, the name and number are gone
    kept = InboxItem.objects.get(pk=item.pk)
    assert kept.key == item.key and kept.external_id == item.external_id
    assert kept.payload == {} and kept.redacted_at is not None
    assert NAME not in str(kept.payload) and WA_ID not in str(kept.payload)


def test_a_silent_citizens_contact_and_conversation_are_dropped(old_message) -> None:
    forget_old_inbox(now=SENT + timedelta(days=91))

    assert not WhatsAppContact.objects.filter(name=NAME).exists()
    assert not WhatsAppContact.objects.filter(wa_id=WA_ID).exists()
    assert not Conversation.objects.exists()


def test_a_redelivered_old_message_is_still_recognised_and_ignored(client, run_on_commit, old_message) -> None:
    # given the old message was emptied
    forget_old_inbox(now=SENT + timedelta(days=91))
    replies = Notification.objects.filter(template="whatsapp_reply").count()

    # when Meta delivers it again
    with time_machine.travel(SENT + timedelta(days=91), tick=False):
        with run_on_commit(execute=True):
            assert post_signed(client, old_message).status_code == 200
        run_queued_tasks()

    # then nothing new is stored or answered
    assert InboxItem.objects.count() == 1
    assert Notification.objects.filter(template="whatsapp_reply").count() == replies


def test_a_message_within_the_retention_keeps_its_payload(old_message) -> None:
    forget_old_inbox(now=SENT + timedelta(days=89))

    assert InboxItem.objects.get().payload != {}
    assert WhatsAppContact.objects.get(wa_id=WA_ID).name == NAME


def test_running_the_sweep_again_changes_nothing(old_message) -> None:
    later = SENT + timedelta(days=91)
    forget_old_inbox(now=later)
    first = InboxItem.objects.values("payload", "redacted_at", "processed_at").get()

    again = forget_old_inbox(now=later + timedelta(days=1))

    assert again == 0
    assert InboxItem.objects.values("payload", "redacted_at", "processed_at").get() == first


def test_the_retention_is_a_setting(old_message, settings) -> None:
    settings.SIGAP_WHATSAPP_INBOX_RETENTION_DAYS = 7

    forget_old_inbox(now=SENT + timedelta(days=8))

    assert InboxItem.objects.get().payload == {}


def test_an_officers_contact_stays(old_message) -> None:
    # given the number belongs to an officer
    officer = get_user_model().objects.get(username="lurah.wajo")
    WhatsAppContact.objects.filter(wa_id=WA_ID).update(person=officer)

    forget_old_inbox(now=SENT + timedelta(days=91))

    assert WhatsAppContact.objects.filter(wa_id=WA_ID, person=officer).exists()
    assert InboxItem.objects.get().payload == {}


def test_an_item_never_processed_is_closed_so_it_is_not_retried(client) -> None:
    # given an item whose processing never happened
    with time_machine.travel(SENT, tick=False):
        post_signed(client, message_payload(text("halo"), wa_id=WA_ID))
    assert InboxItem.objects.get().processed_at is None

    forget_old_inbox(now=SENT + timedelta(days=91))

    item = InboxItem.objects.get()
    assert item.payload == {} and item.processed_at is not None


def test_the_sweep_rides_the_recurring_chain(old_message, run_on_commit) -> None:
    # given the sweeps were scheduled
    with time_machine.travel(SENT + timedelta(days=91), tick=False):
        with run_on_commit(execute=True):
            ensure_scheduled()
        row = RecurringSweep.objects.get(name="whatsapp_retention")

        # when its run comes
        with run_on_commit(execute=True):
            result = run_sweep_now("whatsapp_retention", row.next_run_at, now=row.next_run_at)

    # then it emptied the old item and planned its next run, a day later at most
    assert result.startswith("ran: ")
    assert InboxItem.objects.get().payload == {}
    following = RecurringSweep.objects.get(name="whatsapp_retention").next_run_at
    assert row.next_run_at < following <= row.next_run_at + timedelta(days=1)
