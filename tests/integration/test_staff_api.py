"""The staff API: bearer tokens, the caller's queue, actions with clear 400/403/404/409 and nothing changed."""

from __future__ import annotations

import pytest

from sigap.notifications.models import Notification
from sigap.reports.models import Report, ReportEvent
from tests.factories import jpeg_bytes, make_report
from tests.integration.staff_support import bearer, post_action

pytestmark = pytest.mark.django_db


def state(report: Report) -> tuple[object, ...]:
    fresh = Report.objects.get(pk=report.pk)
    return (fresh.status, fresh.lead_unit_id, fresh.event_count, ReportEvent.objects.filter(report=report).count(),
            Notification.objects.count())


def test_without_a_token_the_queue_is_401(client) -> None:
    assert client.get("/api/v1/staff/reports").status_code == 401


def test_with_a_wrong_token_the_queue_is_401(client) -> None:
    response = client.get("/api/v1/staff/reports", HTTP_AUTHORIZATION="Bearer sgp_nope")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "unauthorized"


def test_complaint_admin_queue_lists_new_reports_with_deadline(client, user) -> None:
    report = make_report()

    response = client.get("/api/v1/staff/reports", **bearer(user("verifikator")))

    assert response.status_code == 200
    body = response.json()
    row = next(r for r in body["results"] if r["tracking_id"] == report.tracking_id)
    assert row["status"] == "received"
    assert row["due_at"].endswith("+08:00")
    assert body["counts"]["received"] >= 1


def test_dispatch_by_unit_code_then_officer_sees_it_in_queue(client, user) -> None:
    report = make_report()

    response = post_action(client, user("verifikator"), report.tracking_id, "dispatch",
                           {"lead_unit": "pupr", "supporting_units": ["dlh"], "note": "Mohon ditangani"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "dispatched"
    assert body["lead_unit"] == "pupr"
    assert body["supporting_units"] == ["dlh"]
    assert [e["action"] for e in body["timeline"]] == ["submit", "dispatch"]
    queue = client.get("/api/v1/staff/reports", **bearer(user("petugas.pupr"))).json()
    assert report.tracking_id in [r["tracking_id"] for r in queue["results"]]


def test_dispatch_to_an_unknown_unit_is_422_and_changes_nothing(client, user) -> None:
    report = make_report()
    before = state(report)

    response = post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "nope"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "lead_unit"
    assert state(report) == before


def test_dispatch_by_an_officer_is_403_and_changes_nothing(client, user) -> None:
    report = make_report()
    post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "pupr"})
    before = state(report)

    response = post_action(client, user("petugas.pupr"), report.tracking_id, "dispatch", {"lead_unit": "dlh"})

    assert response.status_code == 403
    assert state(report) == before


def test_resolve_in_the_wrong_state_is_409_and_changes_nothing(client, user) -> None:
    report = make_report()
    post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "pupr"})
    closed = make_report()
    post_action(client, user("verifikator"), closed.tracking_id, "archive", {"reason": "Duplikat"})
    before = state(closed)

    response = post_action(client, user("verifikator"), closed.tracking_id, "request_info", {"message": "?"})

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "invalid_transition"
    assert state(closed) == before


def test_officer_of_another_agency_gets_404_for_a_pupr_report(client, user) -> None:
    report = make_report()
    post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "pupr"})

    assert client.get(f"/api/v1/staff/reports/{report.tracking_id}",
                      **bearer(user("petugas.dukcapil"))).status_code == 404
    response = post_action(client, user("petugas.dukcapil"), report.tracking_id, "respond", {"message": "Halo"})
    assert response.status_code == 404


def test_resolve_without_the_required_photo_is_refused_saying_so(client, user) -> None:
    report = make_report(category="jalan_rusak")
    post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "pupr"})
    post_action(client, user("petugas.pupr"), report.tracking_id, "respond", {"message": "Kami cek besok"})
    before = state(report)

    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/resolve", data={"message": "Sudah"},
                           **bearer(user("petugas.pupr")))

    assert response.status_code == 422, response.content
    error = response.json()["errors"][0]
    assert error["field"] == "photo"
    assert error["code"] == "photo_required"
    assert state(report) == before


def test_resolve_with_a_photo_in_multipart_resolves(client, user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = make_report(category="jalan_rusak")
    post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "pupr"})

    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/resolve",
                           data={"message": "Sudah ditambal",
                                 "photo": SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")},
                           **bearer(user("petugas.pupr")))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resolved"


def test_unknown_action_is_404(client, user) -> None:
    report = make_report()
    assert post_action(client, user("verifikator"), report.tracking_id, "explode", {}).status_code == 404


def test_body_that_is_not_json_is_422(client, user) -> None:
    report = make_report()
    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/note", data="{nope",
                           content_type="application/json", **bearer(user("verifikator")))
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "invalid_json"


def test_page_size_out_of_range_is_refused(client, user) -> None:
    response = client.get("/api/v1/staff/reports?page_size=100000", **bearer(user("verifikator")))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "page_size"


@pytest.mark.parametrize("body", [
    {"message": "x" * 5000},
    {"message": 12345},
    {"message": ["a", "b"]},
    {"message": ""},
    {},
])
def test_hostile_or_missing_message_is_422_and_changes_nothing(client, user, body) -> None:
    report = make_report()
    before = state(report)

    response = post_action(client, user("verifikator"), report.tracking_id, "request_info", body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "message"
    assert state(report) == before


def test_supporting_units_that_are_not_a_list_of_codes_are_refused(client, user) -> None:
    report = make_report()
    before = state(report)

    response = post_action(client, user("verifikator"), report.tracking_id, "dispatch",
                           {"lead_unit": "pupr", "supporting_units": {"evil": 1}})

    assert response.status_code == 422
    assert state(report) == before


def test_a_text_file_posing_as_a_photo_is_refused(client, user) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = make_report(category="jalan_rusak")
    post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "pupr"})
    before = state(report)

    response = client.post(f"/api/v1/reports/{report.tracking_id}/actions/resolve",
                           data={"message": "Sudah", "photo": SimpleUploadedFile("a.jpg", b"not a jpeg", "image/jpeg")},
                           **bearer(user("petugas.pupr")))

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "photo"
    assert state(report) == before


def test_the_report_detail_suggests_a_lead_unit_to_whoever_may_dispatch(client, user) -> None:
    # Given a new pothole report (the category's unit is PUPR)
    report = make_report(category="jalan_rusak")

    # When the complaint desk opens it through the API
    body = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("verifikator"))).json()

    # Then the unit the staff page would pre-select is suggested
    assert body["suggested_lead_unit"] == "pupr"


def test_the_report_detail_suggests_nothing_to_whoever_may_not_dispatch(client, user) -> None:
    # Given a report already dispatched to PUPR
    report = make_report(category="jalan_rusak")
    post_action(client, user("verifikator"), report.tracking_id, "dispatch", {"lead_unit": "pupr"})

    # When the PUPR officer opens it through the API
    body = client.get(f"/api/v1/staff/reports/{report.tracking_id}", **bearer(user("petugas.pupr"))).json()

    # Then no unit is suggested
    assert body["suggested_lead_unit"] is None
