"""Service requests end to end: same-day promises, escalation when late, the citizen told at each step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from sigap.core.errors import Conflict, Forbidden, InvalidInput
from sigap.notifications.models import Notification
from sigap.notifications.transports import RecordingTransport
from sigap.organization.models import Unit
from sigap.services import actions
from sigap.services.models import Service, ServiceRequest, ServiceRequestEvent
from sigap.services.queries import compliance
from tests.integration.services_helpers import NIK, run_ready_tasks, walk_in, wita

pytestmark = pytest.mark.django_db


def finish(req: ServiceRequest, officer: Any, *, ready_at: Any) -> None:
    actions.check_requirements(request=req, by=officer, now=ready_at - timedelta(minutes=30))
    actions.start_processing(request=req, by=officer, now=ready_at - timedelta(minutes=20))
    actions.mark_ready(request=req, by=officer, now=ready_at)


def test_walk_in_ktp_finished_the_same_day_counts_as_on_time(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    assert req.promised_at == wita(10, 16)
    finish(req, officer, ready_at=wita(10, 13))
    actions.hand_over(request=req, by=officer, now=wita(10, 14))

    [row] = [r for r in compliance(units=[Unit.objects.get(code="dukcapil")],
                                   period=(wita(10, 0), wita(11, 0)), now=wita(10, 17)) if r.service_code == "ktp_el"]
    assert (row.received, row.finished, row.finished_on_time) == (1, 1, 1)
    assert row.on_time_share == 1.0 and row.same_day_rate == 1.0
    assert row.median_minutes == 240.0 and row.open_now == 0


def test_walk_in_left_overnight_is_late_and_escalates_through_the_scheduled_task(
        user: Any, run_on_commit: Any) -> None:
    officer = user("petugas.dukcapil")
    with run_on_commit(execute=True):
        req = walk_in(officer, now=wita(10, 9))
    scheduled = DBTaskResult.objects.filter(task_path__endswith="check_service_request_deadline").get()
    assert scheduled.run_after == wita(10, 16)

    with run_on_commit(execute=True):
        assert run_ready_tasks() >= 1  # the real clock has long passed Feb 2026

    req.refresh_from_db()
    assert req.escalation_level == 1 and req.escalated_to == Unit.objects.get(code="dukcapil")
    escalation = ServiceRequestEvent.objects.get(request=req, action="escalate")
    assert escalation.data["role"] == "head"
    finish(req, officer, ready_at=wita(11, 10))
    [row] = [r for r in compliance(period=(wita(10, 0), wita(12, 0)), now=wita(11, 12))
             if r.service_code == "ktp_el"]
    assert row.finished == 1 and row.finished_on_time == 0 and row.same_day_rate == 0.0


def test_escalation_check_is_idempotent(user: Any) -> None:
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 9))
    first = actions.check_request_deadline(request_id=req.pk, expected_check_at=wita(10, 16), now=wita(11, 8))
    again = actions.check_request_deadline(request_id=req.pk, expected_check_at=wita(10, 16), now=wita(11, 8))
    assert first is not None and again is None
    assert ServiceRequestEvent.objects.filter(request=req, action="escalate").count() == 1


def test_a_request_finished_in_time_never_escalates(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    finish(req, officer, ready_at=wita(10, 12))
    assert actions.check_request_deadline(request_id=req.pk, now=wita(11, 8)) is None


def test_after_the_cutoff_the_promise_is_the_next_working_days_close(user: Any) -> None:
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 15))
    assert req.promised_at == wita(11, 16)


def test_incomplete_request_notifies_the_citizen_with_the_missing_items(user: Any, run_on_commit: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    with run_on_commit(execute=True):
        actions.mark_incomplete(request=req, by=officer, missing=["Fotokopi KK", "Surat keterangan hilang"],
                                now=wita(10, 9, 10))
    owed = Notification.objects.filter(template="service_incomplete")
    assert {n.channel for n in owed} == {"whatsapp", "email"}
    run_ready_tasks()
    [whatsapp] = [m for m in RecordingTransport.sent if m["channel"] == "whatsapp"]
    assert whatsapp["to"] == "+6281234500099"
    assert "Fotokopi KK; Surat keterangan hilang" in whatsapp["body"] and req.tracking_id in whatsapp["body"]
    req.refresh_from_db()
    assert req.status == "incomplete" and req.next_check_at is None


def test_bringing_the_missing_items_restarts_the_clock(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    actions.mark_incomplete(request=req, by=officer, missing=["Fotokopi KK"], now=wita(10, 9, 5))
    actions.complete_requirements(request=req, by=officer, now=wita(10, 15))
    req.refresh_from_db()
    assert req.status == "checked" and req.promised_at == wita(11, 16) and req.missing_items == []


def test_ready_notifies_the_citizen(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    finish(req, officer, ready_at=wita(10, 11))
    ready = Notification.objects.get(template="service_ready", channel="whatsapp")
    assert ready.context["tracking_id"] == req.tracking_id and ready.context["product"] == "KTP-el"


def test_a_request_keeps_the_standard_it_was_made_under(user: Any) -> None:
    officer = user("petugas.dukcapil")
    first = walk_in(officer, now=wita(10, 9))
    service = Service.objects.get(code="ktp_el")
    service.completion = "3_working_days"
    service.save()
    actions.publish_standard(service=service, by=user("admin"), now=wita(10, 10))
    second = walk_in(officer, now=wita(10, 11))
    assert first.standard.number + 1 == second.standard.number
    assert first.standard.standard["completion"] == "same_day"
    assert second.promised_at == wita(13, 16, 30)


def test_invalid_nik_is_refused_and_nothing_is_stored(user: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        walk_in(user("petugas.dukcapil"), now=wita(10, 9), nik="7472063208900001")
    assert refused.value.field == "nik" and refused.value.code == "nik_birth_date"
    assert not ServiceRequest.objects.exists()


@pytest.mark.parametrize("nik, code", [("12345", "nik_length"), ("9999061508900001", "nik_region"),
                                       ("", "nik_required")])
def test_bad_or_missing_niks_get_their_own_message(user: Any, nik: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        walk_in(user("petugas.dukcapil"), now=wita(10, 9), nik=nik)
    assert refused.value.code == code
    assert not ServiceRequest.objects.exists()


def test_a_service_the_unit_does_not_offer_is_refused(user: Any) -> None:
    with pytest.raises(InvalidInput) as refused:
        walk_in(user("petugas.dukcapil"), service="pbg", now=wita(10, 9))
    assert refused.value.code == "service_not_offered"
    assert not ServiceRequest.objects.exists()


def test_a_kelurahan_service_is_offered_by_every_kelurahan(user: Any) -> None:
    req = walk_in(user("lurah.wajo"), service="sk_domisili", unit="74.72.06.1007", now=wita(10, 9))
    assert req.unit.code == "74.72.06.1007"


def test_an_officer_of_another_unit_cannot_register_or_move_requests(user: Any) -> None:
    with pytest.raises(Forbidden):
        walk_in(user("petugas.pupr"), now=wita(10, 9))
    req = walk_in(user("petugas.dukcapil"), now=wita(10, 9))
    with pytest.raises(Forbidden):
        actions.check_requirements(request=req, by=user("petugas.pupr"), now=wita(10, 10))
    assert ServiceRequestEvent.objects.filter(request=req).count() == 1


def test_a_step_out_of_order_is_a_conflict(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    with pytest.raises(Conflict):
        actions.hand_over(request=req, by=officer, now=wita(10, 10))
    req.refresh_from_db()
    assert req.status == "received"


def test_every_step_is_an_event(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    finish(req, officer, ready_at=wita(10, 11))
    actions.hand_over(request=req, by=officer, now=wita(10, 12))
    assert list(req.events.order_by("seq").values_list("action", flat=True)) == [
        "submit", "check", "start", "mark_ready", "hand_over"]


def test_online_request_needs_a_way_to_reach_the_citizen() -> None:
    draft = actions.RequestDraft(service=Service.objects.get(code="ktp_el"), unit=Unit.objects.get(code="dukcapil"),
                                 applicant_name="Wa Ode", nik=NIK, channel="online")
    with pytest.raises(InvalidInput) as refused:
        actions.create_request(draft=draft, by=None, now=wita(10, 9))
    assert refused.value.field == "applicant_phone"
