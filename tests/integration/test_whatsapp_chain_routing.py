"""Chain messages arrive through the real signed webhook and reach sigap.chain: heads' commands and ack buttons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.chain.actions import send_announcement
from sigap.chain.models import Delivery
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import make_report
from tests.integration.whatsapp_support import message_payload, post_signed, run_queued_tasks, tap, text

pytestmark = pytest.mark.django_db
WAJO = "74.72.06.1007"
KETUA_RT = "6281100000008"  # Profile.phone of the demo account rt.wajo.01.01 (head of Wajo RW001/RT001)


@pytest.fixture
def say(client, run_on_commit):
    """Send one message as the Ketua RT through the signed webhook; return the reply bodies for it."""

    def send(message: dict[str, Any], *, wa_id: str = KETUA_RT) -> list[str]:
        before = set(Notification.objects.values_list("pk", flat=True))
        with run_on_commit(execute=True):
            assert post_signed(client, message_payload(message, wa_id=wa_id, name="Ketua RT")).status_code == 200
        run_queued_tasks()
        return [n.context["body"] for n in Notification.objects.exclude(pk__in=before)
                .filter(template="whatsapp_reply").order_by("pk")]

    return send


@pytest.fixture
def rt_report(user) -> Report:
    now = timezone.now() - timedelta(hours=1)
    report = make_report(category="lingkungan_rt", title="Pos ronda rusak", now=now)
    actions.dispatch_report(report=report, by=user("verifikator"),
                            lead_unit=Unit.objects.get(code=f"{WAJO}/RW001/RT001"), now=now)
    return report


@pytest.fixture
def delivery(user) -> Delivery:
    announcement = send_announcement(by=user("lurah.wajo"), origin_unit=Unit.objects.get(code=WAJO),
                                     title="Kerja bakti", body="Sabtu pagi.", now=timezone.now())
    return announcement.deliveries.get(recipient=user("rt.wajo.01.01"))


def test_naikkan_from_the_ketua_rt_passes_the_report_up_to_the_rw(say, rt_report):
    replies = say(text(f"naikkan {rt_report.tracking_id} butuh dana RW"))

    rt_report.refresh_from_db()
    assert rt_report.lead_unit.code == f"{WAJO}/RW001"
    assert rt_report.events.filter(action="pass_up").exists()
    assert len(replies) == 1 and rt_report.tracking_id in replies[0]


def test_naikkan_from_a_citizen_is_not_a_chain_command(say, rt_report):
    say(text(f"naikkan {rt_report.tracking_id}"), wa_id="6281299990001")

    rt_report.refresh_from_db()
    assert rt_report.lead_unit.code == f"{WAJO}/RW001/RT001"


def test_the_acknowledge_button_of_an_announcement_is_recorded(say, delivery):
    replies = say(tap(f"chain:ack:{delivery.pk}"))

    delivery.refresh_from_db()
    assert delivery.acknowledged_at is not None
    assert delivery.acknowledged_via == "whatsapp"
    assert len(replies) == 1 and "Kerja bakti" in replies[0]


@pytest.mark.parametrize("word", ["ack", "terima", "Terima"])
def test_ack_or_terima_with_the_code_acknowledges_by_text(say, delivery, word):
    replies = say(text(f"{word} {delivery.code}"))

    delivery.refresh_from_db()
    assert delivery.acknowledged_via == "whatsapp_text"
    assert len(replies) == 1 and "Kerja bakti" in replies[0]


def test_terima_kasih_is_thanks_not_an_acknowledgement(say, delivery):
    replies = say(text("terima kasih"))

    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None
    assert replies  # the citizen menu answers instead
