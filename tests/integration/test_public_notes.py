"""What the public may read of a report: officers' notes to each other and the reporter's own words (dispute,
rating) never leave the office; an anonim report's street address and exact point never leave it either.

Each public surface is checked: the tracking page, the public API, Open311 (JSON and XML, list and single), the
WhatsApp status reply and the messages the reporter and followers are sent.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import make_report, photo
from tests.integration.open311_support import BASE, as_json, xml, xml_items
from tests.integration.whatsapp_support import ask_status

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=WITA)  # a Wednesday; every report below is from that week
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
NOTE_FOR_UNIT = "Catatan untuk unit: pelapor ini kerabat kepala seksi, tangani hati-hati"
ANSWER = "Tim kami meninjau lokasi hari Rabu"
RATING_COMMENT = "Petugasnya kasar waktu datang ke rumah saya"
DISPUTE = "Masih berlubang, tetangga saya Pak Udin juga melihat"
QUESTION = "Mohon kirim nomor rumah Bapak"
STREET = "Lorong Mawar No. 17, depan rumah Pak Haji"
POINT = {"lat": Decimal("-5.467123"), "lng": Decimal("122.612345")}


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[None]:
    cache.clear()  # rate limits and the cached dashboard start empty
    with time_machine.travel(NOW, tick=False):
        yield


def dispatched(user: Any, **overrides: Any) -> Report:
    report = make_report(now=MONDAY_9, **overrides)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            note=NOTE_FOR_UNIT, now=MONDAY_9.replace(hour=10))
    return Report.objects.get(pk=report.pk)


def rated(user: Any) -> Report:
    report = dispatched(user)
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message=ANSWER, now=MONDAY_9.replace(hour=11))
    actions.resolve_report(report=Report.objects.get(pk=report.pk), by=user("petugas.pupr"), message="Sudah ditambal",
                           photo=photo(), now=MONDAY_9.replace(hour=12))
    actions.confirm_resolution(report=report, token=report.reporter_token, now=MONDAY_9.replace(hour=13))
    actions.rate_report(report=report, token=report.reporter_token, rating=2, comment=RATING_COMMENT,
                        now=MONDAY_9.replace(hour=14))
    return Report.objects.get(pk=report.pk)


def own_page(client: Any, report: Report) -> str:
    """The reporter's secret page."""
    response = client.get(reverse("web:reporter", args=[report.tracking_id, report.reporter_token]))
    assert response.status_code == 200
    return str(response.content.decode())


def open311_bodies(client: Any, report: Report) -> dict[str, str]:
    """Open311's list and single request, in both formats."""
    paths = [f"{BASE}/requests.json", f"{BASE}/requests.xml", f"{BASE}/requests/{report.tracking_id}.json",
             f"{BASE}/requests/{report.tracking_id}.xml"]
    bodies = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        bodies[path] = response.content.decode()
    return bodies


def open311_items(client: Any, report: Report) -> list[dict[str, Any]]:
    """The report's item in each of Open311's four answers."""
    items = []
    for path in (f"{BASE}/requests.json", f"{BASE}/requests/{report.tracking_id}.json"):
        items += [i for i in as_json(client.get(path)) if i["service_request_id"] == report.tracking_id]
    for path in (f"{BASE}/requests.xml", f"{BASE}/requests/{report.tracking_id}.xml"):
        items += [i for i in xml_items(xml(client.get(path))) if i["service_request_id"] == report.tracking_id]
    assert len(items) == 4
    return items


# Notes for units ---------------------------------------------------------------------------------------------


def test_dispatch_note_for_units_never_appears_on_the_public_tracking_page(client, user) -> None:
    report = dispatched(user)

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert "Didisposisikan" in page
    assert NOTE_FOR_UNIT not in page


def test_dispatch_note_for_units_is_not_on_the_reporters_own_page(client, user) -> None:
    report = dispatched(user)

    page = own_page(client, report)

    assert NOTE_FOR_UNIT not in page


def test_dispatch_note_for_units_is_not_in_the_public_api(client, user) -> None:
    report = dispatched(user)

    body = client.get(f"/api/v1/reports/{report.tracking_id}").json()

    dispatch = next(entry for entry in body["timeline"] if entry["action"] == "dispatch")
    assert dispatch["note"] == ""
    assert NOTE_FOR_UNIT not in str(body)


def test_dispatch_note_for_units_is_not_in_open311(client, user) -> None:
    report = dispatched(user)

    for path, body in open311_bodies(client, report).items():
        assert NOTE_FOR_UNIT not in body, path


def test_pass_up_and_redispatch_reasons_are_internal(client, user) -> None:
    report = make_report(category="lingkungan_rt", now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"),
                            lead_unit=Unit.objects.get(code="74.72.06.1007/RW001/RT001"), now=MONDAY_9)
    actions.pass_up_report(report=report, by=user("rt.wajo.01.01"), note="Butuh dana kelurahan, RT kehabisan",
                           now=MONDAY_9.replace(hour=10))
    actions.redispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                              reason="Salah alamat unit, kirim ke PUPR", now=MONDAY_9.replace(hour=11))

    bodies = [client.get(f"/lacak/{report.tracking_id}").content.decode(),
              client.get(f"/api/v1/reports/{report.tracking_id}").content.decode()]

    for body in bodies:
        assert "Butuh dana kelurahan" not in body and "Salah alamat unit" not in body


def test_the_answer_to_the_citizen_stays_public(client, user) -> None:
    report = dispatched(user)
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message=ANSWER, now=MONDAY_9.replace(hour=11))

    assert ANSWER in client.get(f"/lacak/{report.tracking_id}").content.decode()
    assert ANSWER in [entry["note"] for entry in client.get(f"/api/v1/reports/{report.tracking_id}").json()["timeline"]]
    assert {item["status_notes"] for item in open311_items(client, report)} == {ANSWER}


def test_the_officer_sees_who_will_read_each_text_before_sending(client, user) -> None:
    report = make_report(now=MONDAY_9)
    client.force_login(user("verifikator"))

    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()

    dispatch_form = page[page.index('id="form-dispatch"'):page.index("</form>", page.index('id="form-dispatch"'))]
    refer_form = page[page.index('id="form-refer"'):page.index("</form>", page.index('id="form-refer"'))]
    info_form = page[page.index('id="form-request_info"'):page.index("</form>", page.index('id="form-request_info"'))]
    assert "Catatan internal — hanya untuk petugas." in dispatch_form
    assert "Dikirim ke pelapor dan tampil di halaman publik." in refer_form
    assert "Hanya dikirim ke pelapor; tidak tampil di halaman publik." in info_form


def test_the_staff_api_says_who_reads_each_actions_text(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    described = paths["/api/v1/reports/{tracking_id}/actions/{action}"]["post"]["description"]

    assert "- dispatch: officers only (internal)" in described
    assert "- respond: public" in described
    assert "- request_info: the reporter and officers only" in described


def test_the_staff_timeline_marks_an_internal_note(client, user) -> None:
    report = dispatched(user)
    client.force_login(user("verifikator"))

    page = client.get(f"/petugas/laporan/{report.tracking_id}").content.decode()

    assert f'<span class="audience audience-staff">internal</span> {NOTE_FOR_UNIT}' in page


def test_a_note_for_units_is_never_put_in_a_message_to_the_reporter_or_a_follower(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.follow_report(report=report, phone="+6281299990077", confirmed_by_owner=True, now=MONDAY_9)

    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            note=NOTE_FOR_UNIT, now=MONDAY_9.replace(hour=10))

    told = Notification.objects.filter(template="report_dispatched")
    assert told.filter(recipient_address="+6281234500001").exists()
    assert [n.context["note"] for n in told] == [""] * told.count()
    assert Notification.objects.filter(template="assigned_to_unit", context__note=NOTE_FOR_UNIT).exists()


# The reporter's own words ------------------------------------------------------------------------------------


def test_rating_comment_is_not_public(client, user) -> None:
    report = rated(user)

    bodies = {"/lacak/": client.get(f"/lacak/{report.tracking_id}").content.decode(),
              "api": client.get(f"/api/v1/reports/{report.tracking_id}").content.decode(),
              **open311_bodies(client, report)}

    for surface, body in bodies.items():
        assert RATING_COMMENT not in body, surface


def test_the_reporter_sees_their_own_rating_comment_on_their_page(client, user) -> None:
    report = rated(user)

    page = own_page(client, report)

    assert RATING_COMMENT in page
    assert NOTE_FOR_UNIT not in page


def test_the_reporters_dispute_message_is_not_public(client, user) -> None:
    report = dispatched(user)
    actions.resolve_report(report=report, by=user("petugas.pupr"), message="Sudah ditambal", photo=photo(),
                           now=MONDAY_9.replace(hour=12))
    actions.dispute_resolution(report=report, token=report.reporter_token, message=DISPUTE,
                               now=MONDAY_9.replace(hour=13))

    assert DISPUTE not in client.get(f"/lacak/{report.tracking_id}").content.decode()
    assert DISPUTE not in client.get(f"/api/v1/reports/{report.tracking_id}").content.decode()


def test_the_question_to_the_reporter_is_on_their_page_not_the_public_one(client, user) -> None:
    report = make_report(now=MONDAY_9)
    actions.request_info(report=report, by=user("verifikator"), message=QUESTION, now=MONDAY_9.replace(hour=10))

    public = client.get(f"/lacak/{report.tracking_id}").content.decode()
    own = own_page(client, report)

    assert QUESTION not in public
    assert own.count(QUESTION) == 2  # above the answer form, and on the timeline


# WhatsApp "Cek status" ---------------------------------------------------------------------------------------


@pytest.fixture
def status_reply(client, run_on_commit):
    """Ask for a report's status from a WhatsApp number; return the reply's text."""

    return functools.partial(ask_status, client, run_on_commit)


@pytest.mark.parametrize("wa_id", ["6281234500001", "6281299990009"], ids=["the reporter", "another number"])
def test_whatsapp_status_never_tells_a_note_for_units(status_reply, user, wa_id) -> None:
    report = dispatched(user)

    reply = status_reply(report.tracking_id, wa_id)

    assert report.tracking_id in reply
    assert NOTE_FOR_UNIT not in reply


@pytest.mark.parametrize("wa_id", ["6281234500001", "6281299990009"], ids=["the reporter", "another number"])
def test_whatsapp_status_never_tells_the_rating_comment(status_reply, user, wa_id) -> None:
    report = rated(user)

    reply = status_reply(report.tracking_id, wa_id)

    assert report.tracking_id in reply
    assert RATING_COMMENT not in reply


# An anonim report's place ------------------------------------------------------------------------------------


def test_open311_never_publishes_the_point_of_an_anonim_report(client) -> None:
    report = make_report(now=MONDAY_9, anonim=True, **POINT)

    for path, body in open311_bodies(client, report).items():
        assert "-5.467123" not in body and "122.612345" not in body, path
    for item in open311_items(client, report):
        assert item["lat"] in (None, "") and item["long"] in (None, "")


def test_open311_never_publishes_the_street_address_of_an_anonim_report(client) -> None:
    report = make_report(now=MONDAY_9, anonim=True, address=STREET)

    for path, body in open311_bodies(client, report).items():
        assert STREET not in body and "Pak Haji" not in body, path
    assert {item["address_id"] for item in open311_items(client, report)} == {report.kelurahan.code}


def test_open311_publishes_the_place_of_a_report_that_is_not_anonim(client) -> None:
    report = make_report(now=MONDAY_9, address=STREET, **POINT)

    for item in open311_items(client, report):
        assert item["address"] == STREET
        assert str(item["lat"]) == "-5.467123" and str(item["long"]) == "122.612345"


def test_anonim_street_address_is_not_in_the_public_api(client) -> None:
    report = make_report(now=MONDAY_9, anonim=True, address=STREET, **POINT)

    body = client.get(f"/api/v1/reports/{report.tracking_id}").json()

    assert body["location"]["address"] == ""
    assert body["location"]["kelurahan"]["code"] == report.kelurahan.code
    assert STREET not in str(body)


def test_anonim_street_address_is_not_on_the_public_tracking_page(client) -> None:
    report = make_report(now=MONDAY_9, anonim=True, address=STREET)

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert report.kelurahan.name in page
    assert STREET not in page and "Pak Haji" not in page


def test_the_street_address_of_a_report_that_is_not_anonim_stays_on_the_tracking_page(client) -> None:
    report = make_report(now=MONDAY_9, address=STREET)

    assert STREET in client.get(f"/lacak/{report.tracking_id}").content.decode()
