"""POST requests: a civic app files a report through the common intake; every refusal is the spec's error list."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from sigap.notifications.models import Notification
from sigap.open311.models import Open311ApiKey, Open311Submission
from sigap.reports.models import Report
from tests.factories import WAJO
from tests.integration.open311_support import as_json, form, new_key, post, xml, xml_items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def key() -> str:
    return new_key()


def test_a_form_post_files_a_report_through_the_common_intake(client, key) -> None:
    response = post(client, "json", form(key))

    assert response.status_code == 200
    answer = as_json(response)
    assert isinstance(answer, list) and len(answer) == 1
    report = Report.objects.get(tracking_id=answer[0]["service_request_id"])
    assert report.channel == "open311"
    assert report.kelurahan.code == WAJO
    assert report.rt.code == f"{WAJO}/RW001/RT001"
    assert report.reporter_phone == "+6281234567890"
    assert report.reporter_name == "Wa Ode Sitti"
    assert str(report.event_date) == "2025-01-10"
    assert report.title.startswith("Jalan berlubang")
    assert report.tracking_id in answer[0]["service_notice"]


def test_the_reporter_is_told_of_receipt_like_any_other_intake(client, key) -> None:
    answer = as_json(post(client, "json", form(key)))

    report = Report.objects.get(tracking_id=answer[0]["service_request_id"])
    assert Notification.objects.filter(report=report, template="report_received").exists()


def test_the_media_url_and_client_app_are_kept_without_fetching(client, key) -> None:
    answer = as_json(post(client, "json", form(key)))

    submission = Open311Submission.objects.get(report__tracking_id=answer[0]["service_request_id"])
    assert submission.media_url == "https://example.org/foto/lubang.jpg"
    assert submission.api_key == Open311ApiKey.objects.get(name="Aplikasi Warga")
    assert submission.token == answer[0]["token"]


def test_an_xml_post_answers_service_requests_request(client, key) -> None:
    response = post(client, "xml", form(key))

    root = xml(response)
    assert root.tag == "service_requests"
    [item] = xml_items(root)
    assert Report.objects.filter(tracking_id=item["service_request_id"]).exists()
    assert item["service_notice"]


def test_the_api_key_may_come_in_the_query_string(client, key) -> None:
    response = post(client, "json", form(None), query=f"?api_key={key}")

    assert response.status_code == 200


def test_an_address_id_alone_is_a_location(client, key) -> None:
    data = form(key, lat=None, long=None, address_string=None, **{"attribute[rw]": None, "attribute[rt]": None})

    assert post(client, "json", data).status_code == 200


def test_an_address_string_alone_is_a_location(client, key) -> None:
    data = form(key, lat=None, long=None, address_id=None, **{"attribute[rw]": None, "attribute[rt]": None})

    assert post(client, "json", data).status_code == 200


def test_the_kind_defaults_to_pengaduan(client, key) -> None:
    answer = as_json(post(client, "json", form(key, **{"attribute[kind]": None})))

    assert Report.objects.get(tracking_id=answer[0]["service_request_id"]).kind == "pengaduan"


def test_the_anonim_and_rahasia_attributes_reach_the_report(client, key) -> None:
    data = form(key, **{"attribute[anonim]": "true", "attribute[rahasia]": "true"})

    report = Report.objects.get(tracking_id=as_json(post(client, "json", data))[0]["service_request_id"])
    assert report.anonim and report.rahasia


def _refused(client: Any, fmt: str, data: dict[str, Any], status: int, query: str = "") -> Any:
    before = (Report.objects.count(), Open311Submission.objects.count())
    response = post(client, fmt, data, query)
    assert response.status_code == status
    assert (Report.objects.count(), Open311Submission.objects.count()) == before
    if fmt == "json":
        errors = as_json(response)
        assert isinstance(errors, list) and errors[0]["code"] == status and errors[0]["description"]
    else:
        root = xml(response)
        assert root.tag == "errors"
        [error] = xml_items(root)
        assert root[0].tag == "error" and error["code"] == str(status) and error["description"]
    return response


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_missing_api_key_is_403_and_nothing_is_stored(client, fmt) -> None:
    _refused(client, fmt, form(None), 403)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_wrong_api_key_is_403(client, key, fmt) -> None:
    _refused(client, fmt, form(key + "x"), 403)


def test_a_deactivated_api_key_is_403(client, key) -> None:
    Open311ApiKey.objects.update(is_active=False)

    _refused(client, "json", form(key), 403)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_missing_service_code_is_400(client, key, fmt) -> None:
    _refused(client, fmt, form(key, service_code=None), 400)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_service_code_is_404(client, key, fmt) -> None:
    _refused(client, fmt, form(key, service_code="no_such_service"), 404)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_missing_location_is_400(client, key, fmt) -> None:
    data = form(key, lat=None, long=None, address_string=None, address_id=None,
                **{"attribute[rw]": None, "attribute[rt]": None})
    _refused(client, fmt, data, 400)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_description_over_4000_characters_is_400(client, key, fmt) -> None:
    _refused(client, fmt, form(key, description="a" * 4001), 400)


@pytest.mark.parametrize("change", [
    {"lat": "-5.47", "long": None},
    {"lat": "north", "long": "122.6"},
    {"lat": "nan", "long": "122.6"},
    {"lat": "-95", "long": "122.6"},
    {"address_id": "99.99.99.9999"},
    {"attribute[kelurahan]": "74.72.01.1001"},
    {"attribute[kind]": "gossip"},
    {"attribute[event_date]": "yesterday"},
    {"attribute[event_date]": "2999-01-01T08:00:00+08:00"},
    {"attribute[anonim]": "maybe"},
    {"attribute[rt]": "99"},
    {"email": "not-an-email", "phone": None},
    {"email": None, "phone": None},
    {"phone": "12"},
    {"description": "   "},
    {"media_url": "javascript:alert(1)"},
    {"media_url": "https://example.org/" + "a" * 1000},
    {"address_string": "x" * 301},
    {"first_name": "n" * 121},
])
def test_a_bad_field_is_400_and_nothing_is_stored(client, key, change) -> None:
    _refused(client, "json", form(key, **change), 400)


def test_a_wrong_jurisdiction_is_404_and_nothing_is_stored(client, key) -> None:
    _refused(client, "xml", form(key, jurisdiction_id="jakarta.go.id"), 404)


def test_an_empty_or_the_configured_jurisdiction_is_accepted(client, key) -> None:
    assert post(client, "json", form(key, jurisdiction_id="")).status_code == 200
    assert post(client, "json", form(key, jurisdiction_id="baubau.go.id")).status_code == 200


def test_hostile_text_is_stored_as_text_and_escaped_in_xml(client, key) -> None:
    # (a control character such as \x01 is refused at the door: tests/integration/test_refused_input.py)
    hostile = "<script>alert('x')</script> & ]]> jalan"
    answer = as_json(post(client, "json", form(key, description=hostile)))

    response = client.get(f"/open311/v2/requests/{answer[0]['service_request_id']}.xml")
    [item] = xml_items(xml(response))
    assert item["description"] == "<script>alert('x')</script> & ]]> jalan"


def test_a_burst_from_one_contact_is_refused_with_429(client, key, settings) -> None:
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 2
    for _attempt in range(2):
        assert post(client, "json", form(key)).status_code == 200

    _refused(client, "json", form(key), 429)
