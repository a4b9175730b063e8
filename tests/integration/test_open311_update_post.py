"""POST servicerequestupdates: an authorised client's update is the citizen's added information on the report,
once per client update id, never a status change the client chose, refused on final reports."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from sigap.open311.models import Open311Update
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent
from tests.factories import make_report
from tests.integration.open311_support import BASE, as_json, new_key, xml

pytestmark = pytest.mark.django_db

UPDATES = f"{BASE}/servicerequestupdates"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def key() -> str:
    return new_key()


@pytest.fixture
def report(user: Any) -> Report:
    report = make_report()
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    return report


def update(api_key: str | None, report: Report, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api_key": api_key,
        "service_request_id": report.tracking_id,
        "update_id": "fms-comment-41",
        "updated_datetime": "2026-11-11T09:55:00+08:00",
        "status": "OPEN",
        "description": "Lubangnya makin lebar setelah hujan semalam.",
        "email": "komentator@example.com",
        "first_name": "La Ode",
        "last_name": "Muhammad",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client: Any, fmt: str, data: dict[str, Any]) -> Any:
    return client.post(f"{UPDATES}.{fmt}", data=data)


def last_event(report: Report) -> ReportEvent:
    return ReportEvent.objects.filter(report=report).order_by("-seq").first()  # type: ignore[return-value]


def test_an_update_on_open_work_is_recorded_for_officers_without_moving_the_report(client, key, report) -> None:
    response = post(client, "xml", update(key, report))

    assert response.status_code == 200
    root = xml(response)
    assert root.tag == "service_request_updates"
    event = last_event(report)
    assert root.findtext("request_update/update_id") == f"{report.tracking_id}-{event.seq}"
    assert (event.action, event.to_status, event.is_public) == ("note", "dispatched", False)
    assert event.note == "Lubangnya makin lebar setelah hujan semalam."


def test_an_update_while_the_office_waits_on_the_reporter_is_their_answer(client, key, user) -> None:
    waiting = make_report()
    actions.request_info(report=waiting, by=user("verifikator"), message="Di RT berapa?")

    as_json(post(client, "json", update(key, waiting, description="RT 001, depan masjid")))

    event = last_event(waiting)
    waiting.refresh_from_db()
    assert (event.action, event.note, waiting.status) == ("add_info", "RT 001, depan masjid", "received")


def test_the_clients_status_never_moves_the_report(client, key, report) -> None:
    post(client, "json", update(key, report, status="CLOSED"))

    report.refresh_from_db()
    assert report.status == "dispatched"


def test_a_retry_with_the_same_update_id_returns_the_first_answer(client, key, report) -> None:
    first = as_json(post(client, "json", update(key, report)))
    again = post(client, "json", update(key, report))

    assert as_json(again) == first
    assert again["Idempotent-Replayed"] == "true"
    assert Open311Update.objects.count() == 1
    assert ReportEvent.objects.filter(report=report, action="note").count() == 1


def test_fixmystreets_extended_update_id_ext_is_taken_as_the_update_id(client, key, report) -> None:
    post(client, "json", update(key, report, update_id=None, update_id_ext="77"))

    assert Open311Update.objects.get().client_update_id == "77"


def test_the_same_update_id_on_another_request_is_refused(client, key, report) -> None:
    post(client, "json", update(key, report))

    response = post(client, "json", update(key, make_report()))

    assert response.status_code == 400
    assert "update_id" in as_json(response)[0]["description"]


def test_two_apps_may_use_the_same_update_id(client, key, report) -> None:
    post(client, "json", update(key, report))

    response = post(client, "json", update(new_key("Aplikasi Lain"), report))

    assert response.status_code == 200
    assert Open311Update.objects.count() == 2


@pytest.mark.parametrize("final", ["archive", "refer"])
def test_a_final_report_takes_no_update_and_answers_the_error_list(client, key, user, final) -> None:
    closed = make_report()
    if final == "archive":
        actions.archive_report(report=closed, by=user("verifikator"), reason="Tidak jelas")
    else:
        actions.refer_report(report=closed, by=user("verifikator"), recipient="PLN", reason="Milik PLN")

    response = post(client, "xml", update(key, closed))

    assert response.status_code == 400
    assert xml(response).tag == "errors"
    assert not Open311Update.objects.exists()


@pytest.mark.parametrize("api_key", [None, "", "o311_not-a-real-key"])
def test_an_update_needs_a_valid_api_key(client, report, api_key) -> None:
    response = post(client, "json", update(api_key, report))

    assert response.status_code == 403
    assert not Open311Update.objects.exists()


def test_an_unknown_request_is_404_in_xml(client, key, report) -> None:
    response = post(client, "xml", update(key, report, service_request_id="BBU-0000-XXXX"))

    assert response.status_code == 404
    assert xml(response).findtext("error/code") == "404"


def test_a_rahasia_report_cannot_be_updated_by_a_client(client, key, user) -> None:
    hidden = make_report(rahasia=True)

    assert post(client, "json", update(key, hidden)).status_code == 404


@pytest.mark.parametrize(("field", "value"), [
    ("description", ""),
    ("description", "x" * 4001),
    ("description", "ada\x00nul"),
    ("update_id", ""),
    ("update_id", "u" * 65),
    ("updated_datetime", "kemarin sore"),
])
def test_a_bad_field_is_refused_and_nothing_is_stored(client, key, report, field, value) -> None:
    response = post(client, "json", update(key, report, **{field: value}))

    assert response.status_code == 400
    assert not Open311Update.objects.exists()
    assert last_event(report).action == "dispatch"


def test_a_posted_update_is_not_published(client, key, report) -> None:
    post(client, "json", update(key, report))

    body = client.get(f"{UPDATES}.json").content.decode()

    assert "makin lebar" not in body


def test_the_admin_lists_a_clients_updates_and_cannot_add_one(client, key, report, user) -> None:
    post(client, "json", update(key, report))
    client.force_login(user("admin"))

    listing = client.get("/admin/open311/open311update/")

    assert listing.status_code == 200 and "fms-comment-41" in listing.content.decode()
    assert client.get("/admin/open311/open311update/add/").status_code == 403


def test_a_retry_after_the_report_closed_still_gets_the_first_answer(client, key, report, user) -> None:
    first = as_json(post(client, "json", update(key, report)))
    actions.refer_report(report=report, by=user("verifikator"), recipient="PLN", reason="Milik PLN")

    again = post(client, "json", update(key, report))

    assert again.status_code == 200 and as_json(again) == first
