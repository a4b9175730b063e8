"""mySociety's servicerequestupdates extension: the public history of public reports in a date window (XML and
JSON), the extended statuses, `extensions=true` on requests, and the public API's privacy rules unchanged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache

from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report
from tests.factories import make_report
from tests.integration.open311_support import BASE, as_json, xml, xml_items

pytestmark = pytest.mark.django_db

UPDATES = f"{BASE}/servicerequestupdates"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def dispatched(user: Any, **overrides: Any) -> Report:
    report = make_report(**overrides)
    actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                            note="Mohon dicek, dekat SD 2")
    return report


def updates_of(client: Any, report: Report, query: str = "") -> list[dict[str, Any]]:
    return [u for u in as_json(client.get(f"{UPDATES}.json{query}")) if u["service_request_id"] == report.tracking_id]


def test_a_dispatch_is_an_action_scheduled_update_in_json(client, user, frozen_now) -> None:
    report = dispatched(user)

    [update] = updates_of(client, report)

    assert update["status"] == "ACTION_SCHEDULED"
    assert update["external_status_code"] == "dispatched"
    assert update["update_id"] == f"{report.tracking_id}-2"
    assert update["updated_datetime"] == "2026-11-11T10:00:00+08:00"


def test_the_xml_document_is_service_requests_updates_of_request_update(client, user, frozen_now) -> None:
    report = dispatched(user)

    root = xml(client.get(f"{UPDATES}.xml"))

    assert root.tag == "service_requests_updates"
    assert [child.tag for child in root] == ["request_update"]
    [item] = xml_items(root)
    assert item["service_request_id"] == report.tracking_id
    assert item["status"] == "ACTION_SCHEDULED"
    assert set(item) >= {"update_id", "updated_datetime", "description", "media_url", "external_status_code"}


def test_a_staff_to_staff_note_is_never_published(client, user, frozen_now) -> None:
    report = dispatched(user)
    actions.add_note(report=report, by=user("verifikator"), message="Internal: pelapor sering melapor")

    texts = [u["description"] for u in updates_of(client, report)]

    assert texts == [""]  # the dispatch is listed as a status change; its note to the unit is not shown


def test_an_answer_to_the_citizen_is_published_as_in_progress(client, user, frozen_now) -> None:
    report = dispatched(user)
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message="Petugas meninjau lokasi besok")

    last = updates_of(client, report)[-1]

    assert (last["status"], last["description"]) == ("IN_PROGRESS", "Petugas meninjau lokasi besok")


def test_the_question_to_the_reporter_is_investigating_without_its_text(client, user, frozen_now) -> None:
    report = make_report()
    actions.request_info(report=report, by=user("verifikator"), message="Di RT berapa tepatnya?")

    [update] = updates_of(client, report)

    assert (update["status"], update["description"]) == ("INVESTIGATING", "")


def test_a_referral_is_not_the_councils_responsibility(client, user, frozen_now) -> None:
    report = make_report()
    actions.refer_report(report=report, by=user("verifikator"), recipient="PLN UP3 Baubau",
                         reason="Tiang listrik milik PLN")

    [update] = updates_of(client, report)

    assert update["status"] == "NOT_COUNCILS_RESPONSIBILITY"


def test_a_linked_duplicate_reads_duplicate(client, user, frozen_now) -> None:
    first, second = make_report(), make_report()
    actions.archive_report(report=second, by=user("verifikator"), reason="Sama dengan laporan sebelumnya",
                           duplicate_of=first)

    [update] = updates_of(client, second)

    assert update["status"] == "DUPLICATE"


def test_a_rahasia_report_has_no_public_updates(client, user, frozen_now) -> None:
    hidden = dispatched(user, rahasia=True)

    assert updates_of(client, hidden) == []


def test_an_anonim_reports_updates_carry_no_place(client, user, frozen_now) -> None:
    report = dispatched(user, anonim=True, address="Jl. Rumah Pelapor 7")

    body = client.get(f"{UPDATES}.json").content.decode()

    assert report.tracking_id in body
    assert "Rumah Pelapor" not in body and "Wa Ode" not in body


def test_updates_outside_the_window_are_not_listed(client, user, frozen_now) -> None:
    report = dispatched(user)
    query = f"?start_date={(frozen_now + timedelta(hours=1)).isoformat()}".replace("+", "%2B")

    assert updates_of(client, report, query) == []


def test_the_window_is_inclusive_of_its_start(client, user, frozen_now) -> None:
    report = dispatched(user)
    query = "?start_date=2026-11-11T10:00:00%2B08:00&end_date=2026-11-11T10:00:00%2B08:00"

    assert len(updates_of(client, report, query)) == 1


def test_updates_come_oldest_first_and_page(client, user, frozen_now) -> None:
    report = dispatched(user)
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message="Ditinjau",
                              now=frozen_now + timedelta(minutes=5))

    first = as_json(client.get(f"{UPDATES}.json?page_size=1"))
    second = as_json(client.get(f"{UPDATES}.json?page_size=1&page=2"))

    assert [first[0]["status"], second[0]["status"]] == ["ACTION_SCHEDULED", "IN_PROGRESS"]


@pytest.mark.parametrize(("query", "words"), [
    ("start_date=kemarin", "start_date"),
    ("end_date=2026-13-40", "end_date"),
    ("start_date=2026-11-10&end_date=2026-11-01", "end_date"),
    ("start_date=2026-01-01&end_date=2026-11-11", "90"),
    ("page_size=1001", "page_size"),
    ("page=0", "page"),
])
def test_a_bad_window_or_page_is_the_specs_error_list(client, query, words, frozen_now) -> None:
    response = client.get(f"{UPDATES}.xml?{query}")

    assert response.status_code == 400
    root = xml(response)
    assert root.tag == "errors" and words in root.findtext("error/description", "")


def test_a_nul_in_the_query_is_refused_in_json(client) -> None:
    response = client.get(f"{UPDATES}.json?start_date=2026-11-01%00")

    assert response.status_code == 400
    assert as_json(response)[0]["code"] == 400


def test_extensions_true_adds_the_public_history_to_a_request(client, user, frozen_now) -> None:
    report = dispatched(user)
    actions.respond_to_report(report=report, by=user("petugas.pupr"), message="Ditinjau")

    [item] = as_json(client.get(f"{BASE}/requests/{report.tracking_id}.json?extensions=true"))

    extended = item["extended_attributes"]
    assert (extended["status"], extended["external_status_code"]) == ("IN_PROGRESS", "in_progress")
    assert [u["status"] for u in extended["updates"]] == ["ACTION_SCHEDULED", "IN_PROGRESS"]
    assert item["status"] == "open"  # the core field is unchanged


def test_extensions_in_xml_nest_request_updates(client, user, frozen_now) -> None:
    report = dispatched(user)

    root = xml(client.get(f"{BASE}/requests.xml?extensions=true"))

    [request] = [r for r in root if r.findtext("service_request_id") == report.tracking_id]
    assert request.findtext("extended_attributes/status") == "ACTION_SCHEDULED"
    assert [u.findtext("status") for u in request.findall("extended_attributes/updates/request_update")] == [
        "ACTION_SCHEDULED"]


def test_a_duplicate_request_reads_duplicate_with_extensions(client, user, frozen_now) -> None:
    first, second = make_report(), make_report()
    actions.archive_report(report=second, by=user("verifikator"), reason="Ganda", duplicate_of=first)

    [item] = as_json(client.get(f"{BASE}/requests/{second.tracking_id}.json?extensions=true"))

    assert item["extended_attributes"]["status"] == "DUPLICATE"


def test_without_extensions_a_request_is_the_core_document(client, user, frozen_now) -> None:
    report = dispatched(user)

    [item] = as_json(client.get(f"{BASE}/requests/{report.tracking_id}.json?extensions=false"))

    assert "extended_attributes" not in item


def test_another_jurisdiction_is_404_in_the_error_list(client) -> None:
    response = client.get(f"{UPDATES}.xml?jurisdiction_id=kendari.go.id")

    assert response.status_code == 404
    assert xml(response).tag == "errors"


def test_a_wrong_method_is_405_with_allow(client) -> None:
    response = client.put(f"{UPDATES}.json")

    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert as_json(response)[0]["code"] == 405
