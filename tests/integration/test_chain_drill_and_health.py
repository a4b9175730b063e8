"""The drill from Kelurahan Wajo: relayed level by level, each link timed, the silent named on the health page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from sigap.chain.actions import acknowledge_delivery, check_delivery, send_announcement
from sigap.chain.models import Delivery
from sigap.chain.notify import ack_token
from sigap.chain.queries import chain_health
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from tests.integration.chain_helpers import MONDAY_9, WAJO, appoint_wajo_heads

pytestmark = pytest.mark.django_db


@pytest.fixture
def heads() -> dict:
    return appoint_wajo_heads()


def start_drill(user):  # type: ignore[no-untyped-def]
    return send_announcement(by=user("lurah.wajo"), origin_unit=Unit.objects.get(code=WAJO),
                             title="Uji arus komunikasi", body="Mohon tekan Terima.", is_drill=True, now=MONDAY_9)


def ack(heads, drill, suffix, minutes):  # type: ignore[no-untyped-def]
    delivery = drill.deliveries.get(recipient=heads[suffix])
    acknowledge_delivery(delivery=delivery, by=heads[suffix], via="whatsapp", now=MONDAY_9 + timedelta(minutes=minutes))


def test_a_drill_first_reaches_only_the_rw_heads(user, heads) -> None:
    drill = start_drill(user)

    assert set(drill.deliveries.values_list("recipient_id", flat=True)) == {heads["RW001"].pk, heads["RW002"].pk}


def test_an_rw_acknowledgement_relays_the_drill_to_its_rt_heads(user, heads) -> None:
    drill = start_drill(user)

    ack(heads, drill, "RW001", 10)

    relayed = drill.deliveries.filter(parent_unit__code=f"{WAJO}/RW001")
    assert {d.recipient_id for d in relayed} == {heads["RW001/RT001"].pk, heads["RW001/RT002"].pk}
    assert {d.sent_at for d in relayed} == {MONDAY_9 + timedelta(minutes=10)}


def test_a_silent_rw_head_stops_the_drill_from_reaching_its_rts(user, heads) -> None:
    drill = start_drill(user)

    ack(heads, drill, "RW001", 10)

    assert not drill.deliveries.filter(recipient=heads["RW002/RT001"]).exists()


def test_a_repeated_acknowledgement_does_not_relay_twice(user, heads) -> None:
    drill = start_drill(user)
    ack(heads, drill, "RW001", 10)
    delivery = drill.deliveries.get(recipient=heads["RW001"])

    acknowledge_delivery(delivery=delivery, by=heads["RW001"], via="web", now=MONDAY_9 + timedelta(minutes=20))

    assert drill.deliveries.count() == 4


def run_wajo_drill(user, heads):  # type: ignore[no-untyped-def]
    """RW 1 answers in 10 min, its RTs in 5 and 25 more; RW 2 stays silent and is escalated to the Lurah."""
    drill = start_drill(user)
    ack(heads, drill, "RW001", 10)
    ack(heads, drill, "RW001/RT001", 15)
    ack(heads, drill, "RW001/RT002", 35)
    silent = drill.deliveries.get(recipient=heads["RW002"])
    assert check_delivery(delivery_id=silent.pk, now=MONDAY_9.replace(hour=14)) == "escalated"
    return drill


def test_a_silent_rw_head_is_escalated_to_the_lurah(user, heads) -> None:
    run_wajo_drill(user, heads)

    told = Notification.objects.get(template="chain_escalated")
    assert told.recipient_user == user("lurah.wajo")


def test_the_drill_records_the_time_each_link_took(user, heads) -> None:
    run_wajo_drill(user, heads)

    health = chain_health(root=Unit.objects.get(code=WAJO), now=MONDAY_9.replace(hour=15))

    minutes = {link.name: link.minutes for link in health.drill.links}
    assert minutes == {"Ketua RW 1": 10.0, "Ketua RW 2": None, "Ketua RT 1.1": 5.0, "Ketua RT 1.2": 25.0}
    assert health.drill.end_to_end_minutes is None  # RW 2 never answered
    assert health.drill.acknowledged == 3 and health.drill.recipients == 4


def test_health_names_the_silent_link_and_ranks_it_worst(user, heads) -> None:
    run_wajo_drill(user, heads)

    health = chain_health(root=Unit.objects.get(code=WAJO), now=MONDAY_9.replace(hour=15))

    assert health.links[0].stats.silent
    assert health.links[0].stats.link == (WAJO, f"{WAJO}/RW002")
    assert [row.name for row in health.silent] == ["Ketua RW 2"]
    assert health.slowest[0][1].complete is False


def test_health_page_shows_links_silent_heads_and_the_last_drill(client: Client, user, heads) -> None:
    run_wajo_drill(user, heads)
    client.force_login(user("lurah.wajo"))

    with time_machine.travel(MONDAY_9.replace(hour=15), tick=False):
        response = client.get("/rantai/", {"unit": WAJO, "days": 7})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ketua RW 2" in page
    assert "Uji arus komunikasi" in page
    assert 'id="silent-count">1<' in page


def test_camat_sees_the_health_of_the_kelurahan_below(client: Client, user, heads) -> None:
    run_wajo_drill(user, heads)
    client.force_login(user("camat.murhum"))

    with time_machine.travel(MONDAY_9.replace(hour=15), tick=False):
        response = client.get("/rantai/")

    assert response.status_code == 200
    assert "Ketua RW 2" in response.content.decode()


def test_a_lurah_cannot_look_at_another_kecamatan(client: Client, user, heads) -> None:
    client.force_login(user("lurah.wajo"))

    response = client.get("/rantai/", {"unit": "74.72.01"})

    assert response.status_code == 200
    assert response.context["health"].root.code == WAJO


def test_an_agency_officer_may_not_see_the_chain(client: Client, user) -> None:
    client.force_login(user("petugas.pupr"))

    assert client.get("/rantai/").status_code == 403


def test_the_health_page_needs_a_login(client: Client) -> None:
    assert client.get("/rantai/").status_code == 302


def test_a_non_head_is_refused_the_announcement_form(client: Client, user) -> None:
    client.force_login(user("petugas.pupr"))

    assert client.get("/rantai/pengumuman/baru").status_code == 403
    assert client.post("/rantai/pengumuman/baru", {"origin_unit": WAJO, "title": "x", "body": "y"}).status_code == 403
    assert not Delivery.objects.exists()


def test_the_lurah_sends_an_announcement_from_the_page(client: Client, user, heads) -> None:
    client.force_login(user("lurah.wajo"))

    response = client.post("/rantai/pengumuman/baru", {"origin_unit": WAJO, "title": "Kerja bakti",
                                                        "body": "Sabtu pagi."})

    assert response.status_code == 302
    assert Delivery.objects.count() == 5


def test_the_announcement_form_shows_errors_and_sends_nothing(client: Client, user, heads) -> None:
    client.force_login(user("lurah.wajo"))

    response = client.post("/rantai/pengumuman/baru", {"origin_unit": WAJO, "title": "", "body": "Sabtu pagi."})

    assert response.status_code == 422
    assert not Delivery.objects.exists()


def test_the_signed_link_acknowledges_without_a_login(client: Client, user, heads) -> None:
    drill = start_drill(user)
    delivery = drill.deliveries.get(recipient=heads["RW002"])

    response = client.post(f"/rantai/terima/{ack_token(delivery)}")

    delivery.refresh_from_db()
    assert response.status_code == 200
    assert delivery.acknowledged_via == "web"


def test_a_tampered_link_is_not_found(client: Client, user, heads) -> None:
    drill = start_drill(user)
    delivery = drill.deliveries.get(recipient=heads["RW002"])
    other = drill.deliveries.get(recipient=heads["RW001"])
    forged = f"{other.pk}:{ack_token(delivery).split(':', 1)[1]}"

    response = client.post(f"/rantai/terima/{forged}")

    assert response.status_code == 404
    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None
