"""The chain's WhatsApp commands: acknowledge, register, and the Ketua RT answering from the chat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from sigap.chain.actions import send_announcement
from sigap.chain.whatsapp import handle_interactive, handle_text
from sigap.organization.models import Position, Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import make_report
from tests.integration.chain_helpers import MONDAY_9, WAJO, Contact, appoint_wajo_heads

pytestmark = pytest.mark.django_db
LATER = MONDAY_9 + timedelta(minutes=30)


@pytest.fixture
def delivery(user):  # type: ignore[no-untyped-def]
    heads = appoint_wajo_heads()
    announcement = send_announcement(by=user("lurah.wajo"), origin_unit=Unit.objects.get(code=WAJO),
                                     title="Kerja bakti", body="Sabtu pagi.", now=MONDAY_9)
    return announcement.deliveries.get(recipient=heads["RW001"])


def test_the_acknowledge_button_records_the_acknowledgement(delivery) -> None:
    replies = handle_interactive(contact=Contact(person=delivery.recipient), reply_id=f"chain:ack:{delivery.pk}",
                                 now=LATER)

    delivery.refresh_from_db()
    assert delivery.acknowledged_at == LATER
    assert "Kerja bakti" in replies[0]


def test_a_contact_known_only_by_phone_is_recognised(delivery) -> None:
    handle_interactive(contact=Contact(wa_id="6281200000101"), reply_id=f"chain:ack:{delivery.pk}", now=LATER)

    delivery.refresh_from_db()
    assert delivery.acknowledged_at == LATER


def test_pressing_the_button_twice_keeps_the_first_time(delivery) -> None:
    contact = Contact(person=delivery.recipient)
    handle_interactive(contact=contact, reply_id=f"chain:ack:{delivery.pk}", now=LATER)

    with translation.override("en"):
        replies = handle_interactive(contact=contact, reply_id=f"chain:ack:{delivery.pk}",
                                     now=LATER + timedelta(hours=1))

    delivery.refresh_from_db()
    assert delivery.acknowledged_at == LATER
    assert "already" in replies[0]


def test_someone_else_pressing_the_button_changes_nothing(delivery, user) -> None:
    replies = handle_interactive(contact=Contact(person=user("petugas.pupr")), reply_id=f"chain:ack:{delivery.pk}",
                                 now=LATER)

    delivery.refresh_from_db()
    assert delivery.acknowledged_at is None
    assert replies


@pytest.mark.parametrize("reply_id", ["chain:ack:", "chain:ack:abc", "chain:nope:1", "chain:ack:999999"])
def test_malformed_button_ids_are_answered_politely(delivery, reply_id) -> None:
    assert handle_interactive(contact=Contact(person=delivery.recipient), reply_id=reply_id, now=LATER)


def test_ack_by_text_code(delivery) -> None:
    replies = handle_text(contact=Contact(person=delivery.recipient), text=f"ack {delivery.code.lower()}", now=LATER)

    delivery.refresh_from_db()
    assert delivery.acknowledged_via == "whatsapp_text"
    assert replies


def test_other_text_is_not_a_chain_command(delivery) -> None:
    assert handle_text(contact=Contact(person=delivery.recipient), text="halo", now=LATER) is None
    assert handle_text(contact=Contact(person=delivery.recipient), text="", now=LATER) is None


def test_daftar_registers_a_new_resident_to_their_rt() -> None:
    replies = handle_text(contact=Contact(wa_id="6281299990001", user_id="ID.777"),
                          text="daftar 74.72.06.1007 RW 1 RT 2", now=MONDAY_9)

    position = Position.objects.get(person__profile__whatsapp_user_id="ID.777", role="warga")
    assert position.unit.code == f"{WAJO}/RW001/RT002"
    assert replies and "RT" in replies[0]


def test_daftar_with_an_unknown_rt_says_so_and_registers_nothing() -> None:
    replies = handle_text(contact=Contact(wa_id="6281299990002"), text="daftar 99.99 RW 1 RT 1", now=MONDAY_9)

    assert replies
    assert not Position.objects.filter(person__profile__phone="+6281299990002").exists()


@pytest.fixture
def rt_report(user) -> Report:
    report = make_report(category="lingkungan_rt", title="Pos ronda rusak", now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"),
                            lead_unit=Unit.objects.get(code=f"{WAJO}/RW001/RT001"), now=MONDAY_9)
    return report


def rt_head(user):  # type: ignore[no-untyped-def]
    return Contact(person=user("rt.wajo.01.01"))


def test_ketua_rt_answers_a_report_from_whatsapp(user, rt_report) -> None:
    replies = handle_text(contact=rt_head(user), text=f"jawab {rt_report.tracking_id} Besok kami perbaiki",
                          now=LATER)

    rt_report.refresh_from_db()
    assert rt_report.last_public_message == "Besok kami perbaiki"
    assert rt_report.events.filter(action="respond", at=LATER).exists()
    assert rt_report.tracking_id in replies[0]


def test_ketua_rt_resolves_a_report_from_whatsapp(user, rt_report) -> None:
    handle_text(contact=rt_head(user), text=f"selesai {rt_report.tracking_id} Sudah diperbaiki", now=LATER)

    rt_report.refresh_from_db()
    assert rt_report.status == "resolved"


def test_resolving_a_category_that_needs_a_photo_points_to_the_web(user) -> None:
    report = make_report(category="jalan_rusak", now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"),
                            lead_unit=Unit.objects.get(code=f"{WAJO}/RW001/RT001"), now=MONDAY_9)

    replies = handle_text(contact=rt_head(user), text=f"selesai {report.tracking_id} sudah", now=LATER)

    report.refresh_from_db()
    assert report.status != "resolved"
    assert "/petugas/laporan/" in replies[0]


def test_ketua_rt_passes_a_report_up_to_the_rw(user, rt_report) -> None:
    replies = handle_text(contact=rt_head(user), text=f"naikkan {rt_report.tracking_id} butuh dana RW", now=LATER)

    rt_report.refresh_from_db()
    assert rt_report.lead_unit.code == f"{WAJO}/RW001"
    assert rt_report.events.filter(action="pass_up", at=LATER).exists()
    assert replies


def test_someone_outside_the_rt_cannot_answer_its_reports(user, rt_report) -> None:
    replies = handle_text(contact=Contact(person=user("petugas.pupr")),
                          text=f"jawab {rt_report.tracking_id} bukan urusan saya", now=LATER)

    rt_report.refresh_from_db()
    assert rt_report.last_public_message != "bukan urusan saya"
    assert replies


def test_an_unknown_tracking_id_is_answered(user) -> None:
    assert handle_text(contact=rt_head(user), text="jawab BBU-ZZZZZZ halo", now=LATER)


def test_jawab_without_text_explains_what_is_missing(user, rt_report) -> None:
    replies = handle_text(contact=rt_head(user), text=f"jawab {rt_report.tracking_id}", now=LATER)

    assert replies
    assert not rt_report.events.filter(action="respond").exists()
