"""'Saya juga mengalami ini' on the web (duplicate suggestion, tracking page), in WhatsApp, and the officers' queue
sorted by support. Who supports is never shown; the count is."""

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
from sigap.reports.queries import support_count
from tests.factories import WAJO, make_report
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
    """One WhatsApp message from a number; returns the replies (body and buttons)."""

    def send(message: dict[str, Any]) -> list[dict[str, Any]]:
        before = set(Notification.objects.values_list("pk", flat=True))
        with run_on_commit(execute=True):
            assert post_signed(client, message_payload(message, wa_id=PHONE.lstrip("+"))).status_code == 200
        run_queued_tasks()
        return [n.context for n in Notification.objects.exclude(pk__in=before)
                .filter(template="whatsapp_reply").order_by("pk")]

    return send


def confirmed_support(report: Report, phone: str = PHONE) -> None:
    actions.support_report(report=report, phone=phone, confirmed_by_owner=True, now=NOW)


def test_the_duplicate_suggestion_offers_to_support_the_report(client) -> None:
    existing = make_report(now=MONDAY_9)

    page = client.get("/lapor/", {"category": "jalan_rusak", "kecamatan": "74.72.06",
                                  "kelurahan": WAJO}).content.decode()

    assert f"/lapor/dukung/{existing.tracking_id}" in page


def test_the_tracking_page_shows_the_count_and_offers_support(client) -> None:
    report = make_report(now=MONDAY_9)
    confirmed_support(report)

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert "1 warga mendukung laporan ini" in page
    assert f"/lapor/dukung/{report.tracking_id}" in page


def test_the_tracking_page_never_shows_who_supports(client) -> None:
    report = make_report(now=MONDAY_9)
    confirmed_support(report)

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert PHONE not in page and PHONE.lstrip("+") not in page


def test_the_tracking_page_of_a_closed_report_offers_no_support(client, user) -> None:
    report = make_report(now=MONDAY_9)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=NOW)

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert f"/lapor/dukung/{report.tracking_id}" not in page


def test_the_support_page_stores_a_pending_support_and_says_how_to_confirm_a_phone(client) -> None:
    report = make_report(now=MONDAY_9)

    response = client.post(f"/lapor/dukung/{report.tracking_id}", {"phone": "0813 1111 2222"})

    assert response.status_code == 200
    assert f"DUKUNG {report.tracking_id}" in response.content.decode()
    assert ReportFollower.objects.get(report=report, phone=PHONE).confirmed_at is None


def test_the_support_page_refuses_a_closed_report_in_indonesian(client, user) -> None:
    report = make_report(now=MONDAY_9)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=NOW)

    response = client.post(f"/lapor/dukung/{report.tracking_id}", {"email": EMAIL})

    assert response.status_code == 400
    assert "tidak dapat didukung" in response.content.decode()
    assert not ReportFollower.objects.filter(report=report).exists()


def test_the_support_page_of_a_rahasia_report_is_404(client) -> None:
    report = make_report(now=MONDAY_9, rahasia=True)

    assert client.get(f"/lapor/dukung/{report.tracking_id}").status_code == 404


def test_the_emailed_link_counts_the_support_after_the_button(client) -> None:
    # given a support typed on the web with an e-mail
    report = make_report(now=MONDAY_9)
    client.post(f"/lapor/dukung/{report.tracking_id}", {"email": EMAIL})
    row = Notification.objects.get(recipient_address=EMAIL, template="support_confirm")
    path = re.search(r"http://[^/]+(/lapor/dukung/\S+/konfirmasi/[\w-]+)", render(row.template, row.context)[1])
    assert path

    # when its owner opens the link (nothing yet) and presses the button
    client.get(path.group(1))
    assert support_count(report) == 0
    assert client.post(path.group(1)).status_code == 200

    # then the support counts
    assert support_count(report) == 1


def test_whatsapp_dukung_counts_the_number(say) -> None:
    report = make_report(now=MONDAY_9)

    replies = say(text(f"DUKUNG {report.tracking_id}"))

    assert support_count(report) == 1
    assert report.tracking_id in replies[-1]["body"]


def test_the_whatsapp_status_reply_offers_the_support_button(say) -> None:
    report = make_report(now=MONDAY_9)

    [reply] = say(text(report.tracking_id))

    assert f"sup:{report.tracking_id}" in {button["id"] for button in reply.get("buttons", [])}


def test_the_whatsapp_support_button_counts_the_number(say) -> None:
    report = make_report(now=MONDAY_9)
    say(text(report.tracking_id))

    say(tap(f"sup:{report.tracking_id}"))

    assert support_count(report) == 1


def test_the_queue_can_put_the_most_supported_report_first(client, user) -> None:
    # given two reports at the unit, the later deadline with more support
    first, second = make_report(now=MONDAY_9), make_report(now=NOW)
    for report in (first, second):
        actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                                now=NOW)
    confirmed_support(second)
    client.force_login(user("petugas.pupr"))

    # when the officer sorts by support, then that report comes first; by default the deadline rules
    by_support = client.get("/petugas/?sort=support").content.decode()
    by_deadline = client.get("/petugas/").content.decode()
    assert by_support.index(second.tracking_id) < by_support.index(first.tracking_id)
    assert by_deadline.index(first.tracking_id) < by_deadline.index(second.tracking_id)


def test_the_queue_shows_no_supporter(client, user) -> None:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"), now=NOW)
    confirmed_support(report)
    client.force_login(user("petugas.pupr"))

    page = client.get("/petugas/?sort=support").content.decode()

    assert PHONE not in page and PHONE.lstrip("+") not in page


def test_the_officers_report_page_shows_the_count_and_no_supporter(client, user) -> None:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"), now=NOW)
    confirmed_support(report)
    client.force_login(user("petugas.pupr"))

    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()

    assert "1 warga juga mengalami masalah ini" in page
    assert PHONE not in page and PHONE.lstrip("+") not in page
