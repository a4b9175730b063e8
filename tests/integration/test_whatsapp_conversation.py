"""A citizen reports through WhatsApp: signed payloads to the real webhook, processed by the real task."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from sigap.channels.models import Conversation, WhatsAppContact
from sigap.notifications.models import Notification
from sigap.reports.models import Report
from tests.factories import jpeg_bytes, make_report, photo
from tests.integration.whatsapp_support import fake_graph, message_payload, post_signed, run_queued_tasks, tap, text

pytestmark = pytest.mark.django_db
CITIZEN = "6281299990001"


@pytest.fixture
def say(client, run_on_commit):
    """Send one message as the citizen; return the replies the citizen would see for it."""

    def send(message: dict[str, Any], **contact: Any) -> list[dict[str, Any]]:
        before = set(Notification.objects.values_list("pk", flat=True))
        with run_on_commit(execute=True):
            assert post_signed(client, message_payload(message, **contact)).status_code == 200
        run_queued_tasks()
        return [n.context for n in Notification.objects.exclude(pk__in=before).filter(template="whatsapp_reply")
                .order_by("pk")]

    return send


def ids(reply: dict[str, Any]) -> list[str]:
    return [b["id"] for b in reply.get("buttons", [])] + [r["id"] for r in reply.get("list", [])]


def test_a_greeting_gets_the_menu(say):
    replies = say(text("halo"))
    assert ids(replies[-1]) == ["menu:lapor", "menu:status", "menu:mine"]


def test_full_report_with_shared_location_list_choices_and_photo(say, settings, run_on_commit):
    with fake_graph() as graph:
        settings.WHATSAPP_API_BASE = graph.base
        graph.media["778899"] = jpeg_bytes((640, 480), exif_gps=True)
        say(text("halo"))
        categories = say(tap("menu:lapor"))[-1]
        assert "cat:jalan_rusak" in ids(categories)
        assert ids(categories)[-1] == "page:1"  # 17 categories do not fit one WhatsApp list
        say(tap("cat:jalan_rusak", kind="list_reply"))
        assert Conversation.objects.get().state == "lapor_description"
        assert ids(say(text("Jalan berlubang besar di depan pasar Wameo, sudah dua minggu."))[-1]) == ["loc:list"]
        kecamatan = say({"type": "location", "location": {"latitude": -5.4672, "longitude": 122.6089,
                                                         "name": "Pasar Wameo"}})[-1]
        assert "kecamatan:74.72.06" in ids(kecamatan)
        assert "kelurahan:74.72.06.1007" in ids(say(tap("kecamatan:74.72.06", kind="list_reply"))[-1])
        assert "rw:74.72.06.1007/RW001" in ids(say(tap("kelurahan:74.72.06.1007", kind="list_reply"))[-1])
        say(text("1"))  # typing the number of RW 001 works like tapping it
        assert ids(say(tap("rt:74.72.06.1007/RW001/RT001", kind="list_reply"))[-1]) == ["photo:done"]
        say({"type": "image", "image": {"id": "778899", "mime_type": "image/jpeg"}})
        summary = say(tap("photo:done"))[-1]
        assert ids(summary) == ["confirm:yes", "menu:cancel"]
        final = say(tap("confirm:yes"))
    report = Report.objects.get(channel="whatsapp")
    assert report.category.code == "jalan_rusak"
    assert report.kelurahan.code == "74.72.06.1007"
    assert report.rt.code == "74.72.06.1007/RW001/RT001"
    assert str(report.lat) == "-5.467200"
    assert report.reporter_whatsapp_id == "6281299990001" and report.reporter_phone == "+6281299990001"
    assert report.photos.count() == 1
    assert report.tracking_id in final[-1]["body"]
    media_requests = [r for r in graph.requests if r["method"] == "GET"]
    assert [r["path"] for r in media_requests] == ["/v21.0/778899", "/media/778899"]
    assert all(r["auth"] == "Bearer test-access-token" for r in media_requests)


def test_kelurahan_can_be_typed_by_name_instead_of_sharing_a_location(say):
    say(tap("menu:lapor"))
    say(text("3"))
    say(text("Sampah menumpuk di pinggir jalan dekat sekolah."))
    rw = say(text("wajo"))[-1]
    assert "rw:74.72.06.1007/RW001" in ids(rw)


def test_batal_cancels_at_any_step_and_nothing_is_filed(say):
    say(tap("menu:lapor"))
    say(tap("cat:sampah", kind="list_reply"))
    replies = say(text("batal"))
    assert ids(replies[-1])[0] == "menu:lapor"
    assert Conversation.objects.get().state == "idle"
    assert not Report.objects.filter(channel="whatsapp").exists()


def test_a_wrong_answer_repeats_the_question(say):
    say(tap("menu:lapor"))
    reply = say(text("99"))[-1]
    assert "cat:jalan_rusak" in ids(reply)
    assert Conversation.objects.get().state == "lapor_category"


def test_a_conversation_left_alone_expires_with_a_polite_message(say):
    say(tap("menu:lapor"))
    Conversation.objects.update(updated_at=timezone.now() - timedelta(minutes=31))
    replies = say(text("halo"))
    assert len(replies) == 2 and not ids(replies[0])  # a word about the expiry, then the menu
    assert ids(replies[-1])[0] == "menu:lapor"


def test_the_sweep_closes_stale_conversations_and_tells_the_person(say):
    from sigap.channels.conversation.engine import expire_idle_conversations

    say(tap("menu:lapor"))
    count = expire_idle_conversations(now=timezone.now() + timedelta(minutes=31))
    assert count == 1
    assert Conversation.objects.get().state == "idle"
    assert Notification.objects.filter(idempotency_key__startswith="wa:expired:").count() == 1


def test_status_by_tracking_id(say):
    report = make_report()
    reply = say(text(report.tracking_id))[-1]
    assert report.tracking_id in reply["body"]


def test_unknown_tracking_id_says_so(say):
    from sigap.domain.tracking import new_tracking_id

    unknown = new_tracking_id("BBU")
    reply = say(text(unknown))[-1]
    assert unknown in reply["body"]


def test_my_reports_lists_only_the_senders_reports(say):
    mine = make_report(reporter_phone="+6281299990001", reporter_email="")
    other = make_report()
    reply = say(tap("menu:mine"))[-1]
    assert ids(reply) == [f"rep:{mine.tracking_id}"]
    assert other.tracking_id not in reply["body"]


def _resolved_report_of(phone: str, user: Any) -> Report:
    from sigap.reports import actions

    report = make_report(reporter_phone=phone, reporter_email="")
    admin = user("verifikator")
    from sigap.organization.models import Unit

    actions.dispatch_report(report=report, by=admin, lead_unit=Unit.objects.get(code="pupr"))
    actions.resolve_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"),
                           message="Lubang sudah ditambal.", photo=photo())
    return Report.objects.get(pk=report.pk)


def test_reporter_confirms_a_resolved_report_and_rates_it(say, user):
    report = _resolved_report_of("+6281299990001", user)
    status = say(text(report.tracking_id))[-1]
    assert ids(status) == [f"act:confirm:{report.tracking_id}", f"act:dispute:{report.tracking_id}"]
    rating = say(tap(f"act:confirm:{report.tracking_id}"))[-1]
    assert f"rate:{report.tracking_id}:5" in ids(rating)
    say(tap(f"rate:{report.tracking_id}:4", kind="list_reply"))
    report.refresh_from_db()
    assert report.status == "closed" and report.rating == 4


def test_reporter_disputes_a_resolved_report_with_a_reason(say, user):
    report = _resolved_report_of("+6281299990001", user)
    say(tap(f"act:dispute:{report.tracking_id}"))
    say(text("Masih berlubang di sisi kiri."))
    report.refresh_from_db()
    assert report.status != "resolved"
    assert report.events.filter(action="dispute").exists()


def test_someone_else_cannot_confirm_a_report(say, user):
    report = _resolved_report_of("+6281200000077", user)
    status = say(text(report.tracking_id))[-1]
    assert ids(status) == [f"fol:{report.tracking_id}"]  # only following is offered to another number
    reply = say(tap(f"act:confirm:{report.tracking_id}"))[-1]
    assert ids(reply)[0] == "menu:lapor"
    report.refresh_from_db()
    assert report.status == "resolved"


def test_contact_is_keyed_on_the_business_scoped_user_id_when_present(say):
    say(text("halo"), user_id="US.123", wa_id="6281299990002")
    say(text("halo"), user_id="US.123", wa_id="6281299990002")
    contact = WhatsAppContact.objects.get()
    assert contact.user_id == "US.123" and contact.phone == "+6281299990002"


def test_replies_reach_a_phoneless_user_by_user_id(client, run_on_commit):
    document = message_payload(text("halo"), user_id="US.777")
    import json

    payload = json.loads(document)
    value = payload["entry"][0]["changes"][0]["value"]
    value["contacts"][0].pop("wa_id")
    value["messages"][0].pop("from")
    with run_on_commit(execute=True):
        assert post_signed(client, json.dumps(payload).encode()).status_code == 200
    run_queued_tasks()
    assert Notification.objects.filter(recipient_address="US.777", template="whatsapp_reply").exists()
