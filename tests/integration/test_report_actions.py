"""Each action writes exactly one event, refuses wrong roles and wrong states clearly, and changes nothing then."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sigap.core.errors import Conflict, Forbidden, InvalidInput
from sigap.notifications.models import Notification
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")
MONDAY_9 = datetime(2026, 3, 2, 9, 0, tzinfo=WITA)


def snapshot(report: Report) -> tuple[object, ...]:
    report = Report.objects.get(pk=report.pk)
    return (report.status, report.due_at, report.lead_unit_id, report.event_count,
            ReportEvent.objects.filter(report=report).count(), Notification.objects.count())


def test_submit_creates_received_report_with_one_event_and_verification_deadline() -> None:
    report = make_report(now=MONDAY_9)

    assert report.status == "received"
    assert report.tracking_id.startswith("BBU-")
    assert list(report.events.values_list("action", flat=True)) == ["submit"]
    assert report.due_at == datetime(2026, 3, 5, 16, 0, tzinfo=WITA)


def test_submit_owes_a_receipt_on_each_contact_channel() -> None:
    report = make_report(now=MONDAY_9)

    channels = sorted(Notification.objects.filter(report=report).values_list("channel", flat=True))
    assert channels == ["email", "whatsapp"]


def test_submit_without_any_contact_is_refused_and_stores_nothing() -> None:
    before = Report.objects.count()

    with pytest.raises(InvalidInput) as refused:
        make_report(reporter_phone="", reporter_email="")

    assert refused.value.field == "reporter"
    assert Report.objects.count() == before


def test_dispatch_by_complaint_admin_writes_one_event_and_sets_first_response_deadline(user) -> None:
    report = make_report(now=MONDAY_9)

    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=MONDAY_9.replace(hour=10))

    report.refresh_from_db()
    assert report.status == "dispatched"
    assert report.lead_unit.code == "pupr"
    assert report.events.count() == 2
    assert report.due_at == datetime(2026, 3, 9, 16, 0, tzinfo=WITA)


def test_dispatch_by_an_agency_officer_is_forbidden_and_changes_nothing(user) -> None:
    report = make_report(now=MONDAY_9)
    before = snapshot(report)

    with pytest.raises(Forbidden):
        actions.dispatch_report(report=report, by=user("petugas.pupr"), lead_unit=Unit.objects.get(code="pupr"))

    assert snapshot(report) == before


def test_resolve_in_received_state_is_a_conflict_naming_the_status(user) -> None:
    report = make_report(now=MONDAY_9)
    before = snapshot(report)

    with pytest.raises(Conflict) as refused:
        actions.resolve_report(report=report, by=user("admin"), message="Selesai", photo=photo())

    assert "received" in refused.value.message
    assert snapshot(report) == before


def test_resolve_without_required_evidence_photo_is_refused_with_a_clear_message(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    before = snapshot(report)

    with pytest.raises(InvalidInput) as refused:
        actions.resolve_report(report=report, by=user("petugas.pupr"), message="Sudah ditambal")

    assert refused.value.code == "photo_required"
    assert snapshot(report) == before


def test_officer_of_another_agency_cannot_respond(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    before = snapshot(report)

    with pytest.raises(Forbidden):
        actions.respond_to_report(report=report, by=user("petugas.dukcapil"), message="Kami cek")

    assert snapshot(report) == before


def test_full_lifecycle_through_confirm_and_rate(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message="Petugas meninjau lokasi")
    actions.resolve_report(report=report, by=user("petugas.pupr"), message="Sudah ditambal", photo=photo())
    actions.confirm_resolution(report=report, token=report.reporter_token)
    actions.rate_report(report=report, token=report.reporter_token, rating=5, comment="Cepat")

    report.refresh_from_db()
    assert report.status == "closed"
    assert report.rating == 5
    assert list(report.events.values_list("action", flat=True)) == [
        "submit", "dispatch", "respond", "resolve", "confirm", "rate"]
    assert report.photos.filter(kind="evidence").count() == 1


def test_dispute_returns_to_in_progress_with_a_new_resolution_clock(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            now=MONDAY_9)
    actions.resolve_report(report=report, by=user("petugas.pupr"), message="Selesai", photo=photo(), now=MONDAY_9)

    actions.dispute_resolution(report=report, token=report.reporter_token, message="Masih berlubang",
                               now=MONDAY_9.replace(day=3))

    report.refresh_from_db()
    assert report.status == "in_progress"
    assert report.due_at == datetime(2026, 3, 10, 16, 0, tzinfo=WITA)


def test_reporter_action_with_wrong_token_is_forbidden(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.request_info(report=report, by=user("verifikator"), message="Kirim foto lokasi")
    before = snapshot(report)

    with pytest.raises(Forbidden):
        actions.add_info(report=report, token="not-the-token", message="ini fotonya")

    assert snapshot(report) == before


def test_rating_outside_one_to_five_is_refused(user) -> None:
    report = make_report(now=MONDAY_9)
    actions.archive_report(report=report, by=user("verifikator"), reason="Ganda")
    before = snapshot(report)

    with pytest.raises((InvalidInput, Conflict)):
        actions.rate_report(report=report, token=report.reporter_token, rating=6)

    assert snapshot(report) == before


def test_pass_up_from_rt_goes_to_rw_then_kelurahan_then_complaint_desk(user) -> None:
    report = make_report(category="lingkungan_rt", now=MONDAY_9)
    rt = Unit.objects.get(code="74.72.06.1007/RW001/RT001")
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=rt)

    actions.pass_up_report(report=report, by=user("rt.wajo.01.01"), note="Perlu dana kelurahan")
    report.refresh_from_db()
    assert report.lead_unit.code == "74.72.06.1007/RW001"

    actions.pass_up_report(report=report, by=user("rw.wajo.01"))
    report.refresh_from_db()
    assert report.lead_unit.code == "74.72.06.1007"

    actions.pass_up_report(report=report, by=user("lurah.wajo"))
    report.refresh_from_db()
    assert report.status == "received"
    assert report.lead_unit is None


def test_internal_note_is_not_public(user) -> None:
    report = make_report(now=MONDAY_9)

    event = actions.add_note(report=report, by=user("verifikator"), message="Pelapor sering melapor")

    assert event.is_public is False


def test_viewing_an_anonim_identity_is_for_complaint_admins_and_logged(user) -> None:
    report = make_report(anonim=True, now=MONDAY_9)

    identity = actions.view_reporter_identity(report=report, by=user("verifikator"))

    assert identity["name"] == "Wa Ode Sitti"
    assert report.events.filter(action="view_identity", is_public=False).count() == 1
    with pytest.raises(Forbidden):
        actions.view_reporter_identity(report=report, by=user("petugas.pupr"))
