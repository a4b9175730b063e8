"""Following a report: nothing is sent to an address until its owner confirms it, and closed reports cannot be
followed. An e-mail is confirmed by the link in the one message it gets; a phone by that WhatsApp number asking."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from sigap.notifications.messages import render
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportFollower
from tests.factories import make_report
from tests.integration.whatsapp_support import message_payload, post_signed, run_queued_tasks, tap, text

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=WITA)
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
PHONE = "+6281311112222"
EMAIL = "tetangga@example.com"


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def say(client, run_on_commit):
    """One WhatsApp message from a number; returns the replies' bodies."""

    def send(message: dict[str, Any], wa_id: str = PHONE.lstrip("+")) -> list[str]:
        before = set(Notification.objects.values_list("pk", flat=True))
        with run_on_commit(execute=True):
            assert post_signed(client, message_payload(message, wa_id=wa_id)).status_code == 200
        run_queued_tasks()
        return [str(n.context["body"]) for n in Notification.objects.exclude(pk__in=before)
                .filter(template="whatsapp_reply").order_by("pk")]

    return send


def sent_to(address: str) -> list[str]:
    return list(Notification.objects.filter(recipient_address=address).order_by("pk")
                .values_list("template", flat=True))


def dispatch(report: Report, user: Any) -> None:
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=NOW)


def confirmation_path(email: str) -> str:
    row = Notification.objects.get(recipient_address=email, template="follow_confirm")
    _subject, body = render(row.template, row.context)
    match = re.search(r"http://[^/]+(/lapor/ikuti/\S+/konfirmasi/[\w-]+)", body)
    assert match, body
    return match.group(1)


def test_a_phone_typed_on_the_web_is_sent_nothing_until_its_number_confirms(client, user) -> None:
    # given someone typed a phone number on the follow page
    report = make_report(now=MONDAY_9)
    assert client.post(f"/lapor/ikuti/{report.tracking_id}", {"phone": "0813 1111 2222"}).status_code == 200

    # when the report moves on
    dispatch(report, user)

    # then that number was told nothing, and the page said how to confirm from WhatsApp
    assert sent_to(PHONE) == []
    assert ReportFollower.objects.get(report=report, phone=PHONE).confirmed_at is None


def test_the_follow_page_says_how_to_confirm_a_phone(client) -> None:
    report = make_report(now=MONDAY_9)

    page = client.post(f"/lapor/ikuti/{report.tracking_id}", {"phone": "0813 1111 2222"}).content.decode()

    assert f"IKUTI {report.tracking_id}" in page


def test_an_email_typed_on_the_web_gets_only_the_confirmation_link(client, user) -> None:
    # given someone typed an e-mail on the follow page
    report = make_report(now=MONDAY_9)
    client.post(f"/lapor/ikuti/{report.tracking_id}", {"email": EMAIL})

    # when the report moves on before the link is used
    dispatch(report, user)

    # then the address got the one confirmation message and nothing else
    assert sent_to(EMAIL) == ["follow_confirm"]
    assert f"/lapor/ikuti/{report.tracking_id}/konfirmasi/" in confirmation_path(EMAIL)


def test_asking_twice_sends_one_confirmation(client) -> None:
    report = make_report(now=MONDAY_9)

    for _attempt in range(2):
        client.post(f"/lapor/ikuti/{report.tracking_id}", {"email": EMAIL})

    assert sent_to(EMAIL) == ["follow_confirm"]


def test_opening_the_link_alone_confirms_nothing(client) -> None:
    # given the confirmation e-mail (mail scanners open links by themselves)
    report = make_report(now=MONDAY_9)
    client.post(f"/lapor/ikuti/{report.tracking_id}", {"email": EMAIL})

    # when the link is opened
    response = client.get(confirmation_path(EMAIL))

    # then a page asks for the confirmation and the follower is still unconfirmed
    assert response.status_code == 200
    assert ReportFollower.objects.get(report=report, email=EMAIL).confirmed_at is None


def test_confirming_by_the_link_starts_the_news(client, user) -> None:
    # given an e-mail follower who pressed the button behind the link
    report = make_report(now=MONDAY_9)
    client.post(f"/lapor/ikuti/{report.tracking_id}", {"email": EMAIL})
    assert client.post(confirmation_path(EMAIL)).status_code == 200

    # when the report moves on
    dispatch(report, user)

    # then the address is told
    assert sent_to(EMAIL) == ["follow_confirm", "report_dispatched"]


def test_a_wrong_confirmation_token_is_refused(client) -> None:
    report = make_report(now=MONDAY_9)
    client.post(f"/lapor/ikuti/{report.tracking_id}", {"email": EMAIL})

    response = client.post(f"/lapor/ikuti/{report.tracking_id}/konfirmasi/not-the-token")

    assert response.status_code == 400
    assert ReportFollower.objects.get(report=report, email=EMAIL).confirmed_at is None


def test_a_closed_report_cannot_be_followed(client, user) -> None:
    # given an archived report
    report = make_report(now=MONDAY_9)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=NOW)

    # when someone asks to follow it
    response = client.post(f"/lapor/ikuti/{report.tracking_id}", {"email": EMAIL})

    # then they are told plainly, in Indonesian, and nothing is stored or sent
    assert response.status_code == 400
    assert "sudah selesai dan tidak dapat diikuti lagi" in response.content.decode()
    assert not ReportFollower.objects.filter(report=report).exists()
    assert sent_to(EMAIL) == []


def test_a_whatsapp_number_asking_to_follow_is_confirmed_and_told(say, user) -> None:
    # given a number that writes "IKUTI <id>"
    report = make_report(now=MONDAY_9)
    replies = say(text(f"IKUTI {report.tracking_id}"))

    # when the report moves on
    dispatch(report, user)

    # then the number itself asked, so it follows and hears the news
    assert report.tracking_id in replies[-1]
    assert ReportFollower.objects.get(report=report, phone=PHONE).confirmed_at is not None
    assert "report_dispatched" in sent_to(PHONE)


def test_the_follow_button_of_the_status_reply_confirms_the_number(say) -> None:
    # given a number that asked for the status of someone else's report
    report = make_report(now=MONDAY_9)
    say(text(report.tracking_id))

    # when it taps "Ikuti"
    say(tap(f"fol:{report.tracking_id}"))

    # then it follows, confirmed
    assert ReportFollower.objects.get(report=report, phone=PHONE).confirmed_at is not None


def test_the_number_confirms_what_the_web_form_left_pending(client, say) -> None:
    # given the web form left this phone pending
    report = make_report(now=MONDAY_9)
    client.post(f"/lapor/ikuti/{report.tracking_id}", {"phone": "0813 1111 2222"})

    # when the number writes "IKUTI <id>"
    say(text(f"ikuti {report.tracking_id}"))

    # then the same row is confirmed, no second one made
    assert list(ReportFollower.objects.filter(report=report).values_list("phone", flat=True)) == [PHONE]
    assert ReportFollower.objects.get(report=report).confirmed_at is not None


def test_whatsapp_cannot_follow_a_closed_report(say, user) -> None:
    report = make_report(now=MONDAY_9)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=NOW)

    replies = say(text(f"IKUTI {report.tracking_id}"))

    assert "tidak dapat diikuti lagi" in replies[-1]
    assert not ReportFollower.objects.filter(report=report).exists()


def test_the_follow_page_of_a_closed_report_says_so_and_asks_nothing(client, user) -> None:
    report = make_report(now=MONDAY_9)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=NOW)

    page = client.get(f"/lapor/ikuti/{report.tracking_id}").content.decode()

    assert "sudah selesai dan tidak dapat diikuti lagi" in page
    assert 'name="email"' not in page
