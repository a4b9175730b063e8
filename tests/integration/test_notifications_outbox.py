"""Who is told what, in one outbox row per recipient and channel, and how sending retries and deduplicates."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import timezone

from sigap.notifications.actions import MAX_ATTEMPTS, backoff, deliver_notification
from sigap.notifications.messages import render
from sigap.notifications.models import Notification, NotificationStatus
from sigap.notifications.outbox import owe
from sigap.notifications.transports import RecordingTransport, TransientError
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db
REPORTER_PHONE = "+6281234500001"
FOLLOWER_PHONE = "+6281377700002"


def templates_for(report: Report, address: str) -> list[str]:
    return list(Notification.objects.filter(report=report, recipient_address=address)
                .order_by("pk").values_list("template", flat=True))


def handled_report(user) -> Report:
    report = make_report()
    actions.follow_report(report=report, phone=FOLLOWER_PHONE, confirmed_by_owner=True)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    actions.respond_to_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"), message="Dicek")
    actions.resolve_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"), message="Beres",
                           photo=photo())
    return Report.objects.get(pk=report.pk)


def test_reporter_hears_receipt_dispatch_answer_and_resolution(user) -> None:
    report = handled_report(user)
    assert templates_for(report, REPORTER_PHONE) == ["report_received", "report_dispatched", "report_answered",
                                                     "report_resolved"]


def test_followers_hear_dispatch_answer_and_resolution_but_never_get_the_reporter_link(user) -> None:
    report = handled_report(user)

    assert templates_for(report, FOLLOWER_PHONE) == ["report_dispatched", "report_answered", "report_resolved"]
    for row in Notification.objects.filter(recipient_address=FOLLOWER_PHONE):
        assert report.reporter_token not in str(row.context)


def test_resolution_message_carries_the_confirm_or_dispute_link(user) -> None:
    report = handled_report(user)
    row = Notification.objects.get(report=report, recipient_address=REPORTER_PHONE, template="report_resolved")

    _subject, body = render(row.template, row.context)

    assert report.tracking_id in body
    assert report.reporter_token in body


def test_info_request_goes_to_the_reporter_only(user) -> None:
    report = make_report()
    actions.follow_report(report=report, phone=FOLLOWER_PHONE, confirmed_by_owner=True)

    actions.request_info(report=report, by=user("verifikator"), message="Di mana persisnya?")

    assert "info_requested" in templates_for(report, REPORTER_PHONE)
    assert "info_requested" not in templates_for(report, FOLLOWER_PHONE)


def test_officers_of_the_lead_unit_hear_of_a_new_assignment(user) -> None:
    report = make_report()
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))

    told = set(Notification.objects.filter(report=report, template="assigned_to_unit")
               .values_list("recipient_user__username", flat=True))

    assert "petugas.pupr" in told
    assert "petugas.dukcapil" not in told


def test_owing_the_same_key_twice_writes_one_row() -> None:
    first = owe(channel="email", address="a@example.com", template="x", context={}, key="same")
    second = owe(channel="email", address="a@example.com", template="x", context={}, key="same")
    assert first is not None and second is None
    assert Notification.objects.filter(idempotency_key="same").count() == 1


def test_delivering_twice_sends_once() -> None:
    row = owe(channel="whatsapp", address="+62811", template="report_received", context={"tracking_id": "T"},
              key="once")
    assert row is not None

    assert deliver_notification(notification_id=row.pk) == NotificationStatus.SENT
    assert deliver_notification(notification_id=row.pk) == NotificationStatus.SENT

    assert [sent["key"] for sent in RecordingTransport.sent] == ["once"]


class FlakyTransport:
    def send(self, notification: Notification) -> None:
        raise TransientError("provider said 503")


@override_settings(SIGAP_NOTIFICATION_TRANSPORTS={"whatsapp": f"{__name__}.FlakyTransport"})
def test_a_transient_failure_is_retried_later_with_growing_backoff() -> None:
    now = timezone.now()
    row = owe(channel="whatsapp", address="+62811", template="x", context={}, key="flaky", now=now)
    assert row is not None

    assert deliver_notification(notification_id=row.pk, now=now) == "retry"

    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING
    assert row.attempts == 1
    assert row.last_error == "provider said 503"
    assert row.next_attempt_at == now + backoff(1)
    assert backoff(2) > backoff(1)
    assert deliver_notification(notification_id=row.pk, now=now) == "not_due"


@override_settings(SIGAP_NOTIFICATION_TRANSPORTS={"whatsapp": f"{__name__}.FlakyTransport"})
def test_after_the_last_attempt_the_message_is_marked_failed() -> None:
    row = owe(channel="whatsapp", address="+62811", template="x", context={}, key="dead")
    assert row is not None
    Notification.objects.filter(pk=row.pk).update(attempts=MAX_ATTEMPTS - 1)

    assert deliver_notification(notification_id=row.pk) == NotificationStatus.FAILED


def test_messages_are_short_and_carry_the_tracking_id_and_a_link() -> None:
    subject, body = render("report_dispatched", {"tracking_id": "BBU-ABC123", "unit": "Dinas PUPR",
                                                 "reporter_url": "http://x/l/BBU-ABC123/tok"})
    assert "BBU-ABC123" in subject and "http://x/l/BBU-ABC123/tok" in body
    assert len(body) < 300
