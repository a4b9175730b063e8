"""The WhatsApp sweeps ride the recurring-sweep chain (`manage.py schedule_sweeps`): scheduled once, run, requeued."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.channels.models import Conversation, InboxItem
from sigap.notifications.models import Notification, RecurringSweep
from sigap.notifications.sweeps import RUN_SWEEP_PATH, ensure_scheduled, run_sweep_now
from tests.integration.whatsapp_support import message_payload, post_signed, run_queued_tasks, tap, text

pytestmark = pytest.mark.django_db
WHATSAPP_SWEEPS = ("whatsapp_conversations", "whatsapp_inbox")


def queued(name: str) -> int:
    rows = DBTaskResult.objects.filter(task_path=RUN_SWEEP_PATH, status="READY").values_list("args_kwargs", flat=True)
    return sum(1 for row in rows if row["args"][0] == name)


def test_schedule_sweeps_queues_one_run_of_each_whatsapp_sweep(run_on_commit):
    for _ in range(2):
        with run_on_commit(execute=True):
            call_command("schedule_sweeps", stdout=io.StringIO())

    assert [queued(name) for name in WHATSAPP_SWEEPS] == [1, 1]
    assert set(WHATSAPP_SWEEPS) <= set(RecurringSweep.objects.values_list("name", flat=True))


def test_the_conversation_sweep_closes_a_stale_conversation_and_queues_its_next_run(client, run_on_commit, settings,
                                                                                    tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the sweep also tidies the drafts folder: keep it off the developer's media
    with run_on_commit(execute=True):
        post_signed(client, message_payload(tap("menu:lapor")))
    run_queued_tasks()
    ensure_scheduled()
    row = RecurringSweep.objects.get(name="whatsapp_conversations")
    DBTaskResult.objects.all().delete()

    with run_on_commit(execute=True):
        result = run_sweep_now("whatsapp_conversations", row.next_run_at, now=timezone.now() + timedelta(minutes=31))

    assert result == "ran: 1"
    assert Conversation.objects.get().state == "idle"
    assert Notification.objects.filter(idempotency_key__startswith="wa:expired:").count() == 1
    assert queued("whatsapp_conversations") == 1
    assert RecurringSweep.objects.get(name="whatsapp_conversations").next_run_at > row.next_run_at


def test_the_inbox_sweep_processes_an_item_whose_task_was_lost(client, run_on_commit):
    post_signed(client, message_payload(text("halo")))
    DBTaskResult.objects.all().delete()  # the queue was wiped: the item's task is lost
    ensure_scheduled()
    row = RecurringSweep.objects.get(name="whatsapp_inbox")

    with run_on_commit(execute=True):
        result = run_sweep_now("whatsapp_inbox", row.next_run_at, now=timezone.now() + timedelta(minutes=3))
    run_queued_tasks()

    assert result == "ran: 1"
    assert InboxItem.objects.get().processed_at is not None
    assert Notification.objects.filter(template="whatsapp_reply").exists()


def test_the_inbox_sweep_leaves_fresh_items_to_their_own_task(client):
    post_signed(client, message_payload(text("halo")))
    ensure_scheduled()
    row = RecurringSweep.objects.get(name="whatsapp_inbox")

    assert run_sweep_now("whatsapp_inbox", row.next_run_at, now=timezone.now()) == "ran: 0"
