"""A request filed through Open311 is an ordinary report: tracked on the web, queued for officers, and its
status changes (made through the real actions) show up in GET requests/{id}."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from sigap.core.timefmt import iso_local
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.access import reports_visible_to
from sigap.reports.models import Report
from tests.factories import photo
from tests.integration.open311_support import BASE, as_json, form, new_key, post, xml, xml_items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def filed(client: Any) -> Report:
    answer = as_json(post(client, "json", form(new_key())))
    return Report.objects.get(tracking_id=answer[0]["service_request_id"])


def seen(client: Any, report: Report) -> dict[str, Any]:
    [item] = as_json(client.get(f"{BASE}/requests/{report.tracking_id}.json"))
    return item


def test_it_appears_on_the_web_tracking_page(client, filed) -> None:
    response = client.get(f"/lacak/{filed.tracking_id}")

    assert response.status_code == 200
    assert filed.tracking_id in response.content.decode()


def test_it_appears_in_the_complaint_admins_queue(user, filed) -> None:
    assert reports_visible_to(user("verifikator")).filter(pk=filed.pk).exists()


def test_a_new_request_is_open_with_its_verification_deadline(client, filed) -> None:
    item = seen(client, filed)

    assert item["status"] == "open"
    assert item["expected_datetime"] == iso_local(filed.due_at)
    assert item["agency_responsible"] == ""


def test_dispatch_names_the_agency_responsible(client, user, filed) -> None:
    pupr = Unit.objects.get(code="pupr")
    actions.dispatch_report(report=filed, by=user("verifikator"), lead_unit=pupr)

    item = seen(client, filed)
    filed.refresh_from_db()
    assert item["agency_responsible"] == pupr.name
    assert item["expected_datetime"] == iso_local(filed.due_at)
    assert item["updated_datetime"] == iso_local(filed.updated_at)


def test_an_answer_becomes_the_status_notes(client, user, filed) -> None:
    actions.dispatch_report(report=filed, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    actions.respond_to_report(report=filed, by=user("petugas.pupr"), message="Petugas meninjau lokasi besok")

    root = xml(client.get(f"{BASE}/requests/{filed.tracking_id}.xml"))
    [item] = xml_items(root)
    assert item["status"] == "open"
    assert item["status_notes"] == "Petugas meninjau lokasi besok"


def test_a_confirmed_resolution_is_closed(client, user, filed) -> None:
    actions.dispatch_report(report=filed, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))
    actions.resolve_report(report=filed, by=user("petugas.pupr"), message="Sudah ditambal", photo=photo())
    assert seen(client, filed)["status"] == "open"  # resolved awaits the reporter's confirmation

    actions.confirm_resolution(report=filed, token=filed.reporter_token)

    assert seen(client, filed)["status"] == "closed"
    assert seen(client, filed)["status_notes"] == "Sudah ditambal"


def test_an_archived_request_is_closed_and_filtered_as_closed(client, user, filed) -> None:
    actions.archive_report(report=filed, by=user("verifikator"), reason="Laporan ganda")

    assert seen(client, filed)["status"] == "closed"
    closed = [i["service_request_id"] for i in as_json(client.get(f"{BASE}/requests.json?status=closed"))]
    still_open = [i["service_request_id"] for i in as_json(client.get(f"{BASE}/requests.json?status=open"))]
    assert filed.tracking_id in closed and filed.tracking_id not in still_open
