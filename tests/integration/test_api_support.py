"""POST /api/v1/reports/{tracking_id}/support and support_count in the public report: a count, never who; bad input
refused in the {"errors": [...]} shape, in the client's language, with nothing stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache

from sigap.reports import actions
from sigap.reports.models import ReportFollower
from tests.factories import make_report

pytestmark = pytest.mark.django_db
EMAIL = "tetangga@example.com"
PHONE = "+6281311112222"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def support(client: Any, tracking_id: str, data: Any, **headers: str) -> Any:
    raw = data if isinstance(data, str) else json.dumps(data)
    return client.post(f"/api/v1/reports/{tracking_id}/support", data=raw, content_type="application/json",
                       **headers)


def errors(response: Any, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.content[:300]
    return response.json()["errors"]


def test_a_support_is_accepted_with_the_count_and_how_to_confirm(client, frozen_now) -> None:
    report = make_report(now=frozen_now)

    response = support(client, report.tracking_id, {"email": EMAIL, "phone": "0813 1111 2222"})

    assert response.status_code == 202
    assert response.json() == {"tracking_id": report.tracking_id, "support_count": 0,
                               "confirm_by": ["email", "whatsapp"]}


def test_the_public_report_carries_the_count_of_confirmed_supporters(client, frozen_now) -> None:
    report = make_report(now=frozen_now)
    actions.support_report(report=report, phone=PHONE, confirmed_by_owner=True)
    actions.support_report(report=report, email=EMAIL)  # not confirmed: not counted

    body = client.get(f"/api/v1/reports/{report.tracking_id}").json()

    assert body["support_count"] == 1


def test_the_public_report_never_names_a_supporter(client, frozen_now) -> None:
    report = make_report(now=frozen_now)
    actions.support_report(report=report, phone=PHONE, confirmed_by_owner=True)

    body = client.get(f"/api/v1/reports/{report.tracking_id}").content.decode()

    assert PHONE not in body and PHONE.lstrip("+") not in body


def test_the_answer_is_the_same_whether_or_not_the_address_already_supported(client, frozen_now) -> None:
    report = make_report(now=frozen_now)

    first = support(client, report.tracking_id, {"email": EMAIL})
    again = support(client, report.tracking_id, {"email": EMAIL})

    assert (first.status_code, first.json()) == (again.status_code, again.json())
    assert ReportFollower.objects.filter(report=report).count() == 1


def test_an_unknown_tracking_id_is_404_with_the_error_shape(client) -> None:
    [error] = errors(support(client, "BBU-ZZZZZZ", {"email": EMAIL}), 404)

    assert error["code"] == "not_found"


def test_an_oversized_tracking_id_is_404(client) -> None:
    errors(support(client, "B" * 500, {"email": EMAIL}), 404)


def test_a_rahasia_report_is_404_as_if_it_did_not_exist(client, frozen_now) -> None:
    report = make_report(now=frozen_now, rahasia=True)

    errors(support(client, report.tracking_id, {"email": EMAIL}), 404)

    assert not ReportFollower.objects.filter(report=report).exists()


def test_a_closed_report_is_refused_plainly_in_indonesian(client, user, frozen_now) -> None:
    report = make_report(now=frozen_now)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=frozen_now)

    [error] = errors(support(client, report.tracking_id, {"email": EMAIL}), 422)

    assert error["code"] == "closed"
    assert "tidak dapat didukung" in error["message"]


def test_a_closed_report_is_refused_in_english_when_asked(client, user, frozen_now) -> None:
    report = make_report(now=frozen_now)
    actions.archive_report(report=report, by=user("verifikator"), reason="Bukan kewenangan", now=frozen_now)

    [error] = errors(support(client, report.tracking_id, {"email": EMAIL}, HTTP_ACCEPT_LANGUAGE="en"), 422)

    assert "can no longer be supported" in error["message"]


def test_no_contact_is_refused(client, frozen_now) -> None:
    report = make_report(now=frozen_now)

    [error] = errors(support(client, report.tracking_id, {}), 422)

    assert error["code"] == "contact_required"


def test_an_oversized_email_is_refused_and_nothing_is_stored(client, frozen_now) -> None:
    report = make_report(now=frozen_now)

    response = support(client, report.tracking_id, {"email": "a" * 300 + "@example.com"})

    assert response.status_code == 422 and response.json()["errors"][0]["field"].endswith("email")
    assert not ReportFollower.objects.filter(report=report).exists()


def test_a_nul_in_the_body_is_refused_and_nothing_is_stored(client, frozen_now) -> None:
    report = make_report(now=frozen_now)

    response = support(client, report.tracking_id, '{"email": "a\\u0000b@example.com"}')

    assert response.status_code in (400, 422) and "errors" in response.json()
    assert not ReportFollower.objects.filter(report=report).exists()


def test_a_bad_phone_is_refused_with_its_field(client, frozen_now) -> None:
    report = make_report(now=frozen_now)

    [error] = errors(support(client, report.tracking_id, {"phone": "bukan nomor"}), 422)

    assert error["field"] == "phone"


def test_a_burst_from_one_contact_is_refused_with_429(client, settings, frozen_now) -> None:
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 1
    first, second = make_report(now=frozen_now), make_report(now=frozen_now)
    assert support(client, first.tracking_id, {"email": EMAIL}).status_code == 202

    [error] = errors(support(client, second.tracking_id, {"email": EMAIL}), 429)

    assert error["code"] == "rate_limited"


def test_the_openapi_document_lists_the_support_endpoint(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert "post" in paths["/api/v1/reports/{tracking_id}/support"]
