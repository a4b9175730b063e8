"""An announcement goes down the chain; acknowledgements are recorded; the silent are reminded then escalated."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sigap.chain.actions import acknowledge_delivery, check_delivery, due_delivery_ids, send_announcement
from sigap.chain.models import Delivery
from sigap.core.errors import Forbidden, InvalidInput
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from tests.integration.chain_helpers import MONDAY_9, WAJO, WITA, appoint_wajo_heads

pytestmark = pytest.mark.django_db


@pytest.fixture
def heads() -> dict:
    return appoint_wajo_heads()


def announce(user, **extra):  # type: ignore[no-untyped-def]
    fields = {"title": "Kerja bakti Sabtu", "body": "Kerja bakti membersihkan selokan, Sabtu 07.00.", "now": MONDAY_9}
    fields.update(extra)
    return send_announcement(by=user("lurah.wajo"), origin_unit=Unit.objects.get(code=WAJO), **fields)


def test_announcement_from_the_lurah_reaches_every_rw_and_rt_head_below(user, heads) -> None:
    announcement = announce(user)

    recipients = set(announcement.deliveries.values_list("recipient_id", flat=True))
    assert recipients == {person.pk for person in heads.values()}


def test_each_recipient_is_owed_a_whatsapp_message_with_an_acknowledge_button(user, heads) -> None:
    announcement = announce(user)

    delivery = announcement.deliveries.get(recipient=heads["RW001/RT001"])
    message = Notification.objects.get(recipient_user=heads["RW001/RT001"], template="chain_announcement")
    assert message.channel == "whatsapp"
    assert message.recipient_address == "+6281200000111"
    [button] = message.context["buttons"]
    assert button["id"] == f"chain:ack:{delivery.pk}"
    assert delivery.code in message.context["url"] or message.context["code"] == delivery.code


def test_the_link_of_an_rt_head_runs_from_its_rw(user, heads) -> None:
    announcement = announce(user)

    delivery = announcement.deliveries.get(recipient=heads["RW001/RT002"])
    assert delivery.parent_unit.code == f"{WAJO}/RW001"
    assert announcement.deliveries.get(recipient=heads["RW002"]).parent_unit.code == WAJO


def test_reminder_and_escalation_times_count_working_hours(user, heads) -> None:
    announcement = announce(user)

    delivery = announcement.deliveries.first()
    assert delivery.remind_at == MONDAY_9.replace(hour=11)
    assert delivery.escalate_at == MONDAY_9.replace(hour=14)  # the 12:00-13:00 break does not count


def test_acknowledgement_is_recorded_with_its_time_and_channel(user, heads) -> None:
    announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW001"])

    new = acknowledge_delivery(delivery=delivery, by=heads["RW001"], via="whatsapp",
                               now=MONDAY_9 + timedelta(minutes=7))

    delivery.refresh_from_db()
    assert new is True
    assert delivery.acknowledged_at == MONDAY_9 + timedelta(minutes=7)
    assert delivery.acknowledged_via == "whatsapp"


def test_a_second_acknowledgement_changes_nothing(user, heads) -> None:
    announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW001"])
    acknowledge_delivery(delivery=delivery, by=heads["RW001"], via="whatsapp", now=MONDAY_9 + timedelta(minutes=7))

    again = acknowledge_delivery(delivery=delivery, by=heads["RW001"], via="web", now=MONDAY_9 + timedelta(hours=1))

    delivery.refresh_from_db()
    assert again is False
    assert delivery.acknowledged_at == MONDAY_9 + timedelta(minutes=7)
    assert delivery.acknowledged_via == "whatsapp"


def test_nobody_else_may_acknowledge_a_delivery(user, heads) -> None:
    announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW001"])

    with pytest.raises(Forbidden):
        acknowledge_delivery(delivery=delivery, by=heads["RW002"], via="whatsapp", now=MONDAY_9)

    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None


def test_a_silent_head_is_reminded_after_the_reminder_limit(user, heads) -> None:
    announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW002/RT001"])

    assert check_delivery(delivery_id=delivery.pk, now=MONDAY_9.replace(hour=10, minute=59)) == "not_due"
    assert check_delivery(delivery_id=delivery.pk, now=MONDAY_9.replace(hour=11)) == "reminded"
    assert Notification.objects.filter(recipient_user=heads["RW002/RT001"], template="chain_reminder").count() == 1


def test_a_silent_rt_head_is_escalated_to_their_rw_head_after_the_limit(user, heads) -> None:
    announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW002/RT001"])

    result = check_delivery(delivery_id=delivery.pk, now=MONDAY_9.replace(hour=14))

    delivery.refresh_from_db()
    assert result == "escalated"
    assert delivery.escalated_at == MONDAY_9.replace(hour=14)
    told = Notification.objects.get(template="chain_escalated")
    assert told.recipient_user == heads["RW002"]
    assert "Ketua RT 2.1" in told.context["name"]


def test_checks_are_idempotent(user, heads) -> None:
    announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW002/RT001"])
    later = MONDAY_9.replace(hour=15)
    check_delivery(delivery_id=delivery.pk, now=later)

    assert check_delivery(delivery_id=delivery.pk, now=later) == "not_due"
    assert Notification.objects.filter(template="chain_escalated").count() == 1


def test_an_acknowledged_delivery_is_never_reminded_or_escalated(user, heads) -> None:
    announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW001"])
    acknowledge_delivery(delivery=delivery, by=heads["RW001"], via="whatsapp", now=MONDAY_9)

    assert check_delivery(delivery_id=delivery.pk, now=MONDAY_9 + timedelta(days=2)) == "acknowledged"
    assert not Notification.objects.filter(template__in=["chain_reminder", "chain_escalated"]).exists()


def test_the_sweep_finds_silent_deliveries_past_their_time(user, heads) -> None:
    announcement = announce(user)
    first = announcement.deliveries.get(recipient=heads["RW001"])
    acknowledge_delivery(delivery=first, by=heads["RW001"], via="whatsapp", now=MONDAY_9)

    due = due_delivery_ids(MONDAY_9.replace(hour=14))

    assert len(due) == 4
    assert first.pk not in due


def test_the_queued_checks_run_at_the_reminder_and_escalation_times(user, heads, run_on_commit) -> None:
    from django_tasks_db.models import DBTaskResult

    with run_on_commit(execute=True):
        announce(user)

    scheduled = DBTaskResult.objects.filter(task_path="sigap.chain.tasks.check_delivery_task")
    assert scheduled.count() == 10
    assert {row.run_after.astimezone(WITA).hour for row in scheduled} == {11, 14}


def test_a_non_head_may_not_send_an_announcement(user, heads) -> None:
    with pytest.raises(Forbidden):
        send_announcement(by=user("petugas.pupr"), origin_unit=Unit.objects.get(code=WAJO), title="x", body="y",
                          now=MONDAY_9)
    assert not Delivery.objects.exists()


def test_an_rw_head_may_not_send_from_the_kelurahan(user, heads) -> None:
    with pytest.raises(Forbidden):
        send_announcement(by=heads["RW001"], origin_unit=Unit.objects.get(code=WAJO), title="x", body="y",
                          now=MONDAY_9)


def test_an_rw_head_reaches_only_the_rt_heads_of_the_rw(heads) -> None:
    announcement = send_announcement(by=heads["RW001"], origin_unit=Unit.objects.get(code=f"{WAJO}/RW001"),
                                     title="Rapat RW", body="Rapat malam ini.", now=MONDAY_9)

    recipients = set(announcement.deliveries.values_list("recipient_id", flat=True))
    assert recipients == {heads["RW001/RT001"].pk, heads["RW001/RT002"].pk}


@pytest.mark.parametrize(("title", "body", "field"), [("", "body", "title"), ("t", "  ", "body"),
                                                      ("t" * 121, "body", "title"), ("t", "b" * 1001, "body")])
def test_empty_or_oversized_announcements_are_refused(user, heads, title, body, field) -> None:
    with pytest.raises(InvalidInput) as refused:
        announce(user, title=title, body=body)

    assert refused.value.field == field
    assert not Delivery.objects.exists()


def test_residents_registered_to_an_rt_receive_it_when_asked(user, heads) -> None:
    from sigap.chain.actions import register_resident

    resident = user("petugas.dlh")
    register_resident(person=resident, rt=Unit.objects.get(code=f"{WAJO}/RW001/RT001"), now=MONDAY_9)

    with_residents = announce(user, include_residents=True)

    delivery = with_residents.deliveries.get(recipient=resident)
    assert delivery.is_resident


def test_the_worker_escalates_a_silent_head_when_the_limit_comes(user, heads, run_on_commit) -> None:
    import time_machine
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    with run_on_commit(execute=True):
        announcement = announce(user)
    delivery = announcement.deliveries.get(recipient=heads["RW002/RT001"])
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test", excluded_queue_names=[])

    with time_machine.travel(MONDAY_9.replace(hour=14, minute=1), tick=False):
        for row in DBTaskResult.objects.filter(task_path="sigap.chain.tasks.check_delivery_task",
                                               args_kwargs__args=[delivery.pk]).order_by("run_after"):
            worker.run_task(row)

    delivery.refresh_from_db()
    assert delivery.escalated_at is not None
    assert Notification.objects.filter(template="chain_escalated", recipient_user=heads["RW002"]).exists()


def test_the_recurring_sweep_escalates_deliveries_whose_task_was_lost(user, heads) -> None:
    from sigap.chain.actions.announce import sweep_silent_deliveries

    announce(user)  # on-commit callbacks never run here: the scheduled checks are "lost"

    handled = sweep_silent_deliveries(MONDAY_9.replace(hour=14))

    assert handled == 5
    assert Delivery.objects.filter(escalated_at__isnull=False).count() == 5
