"""GET endpoints in both formats: discovery, services, definitions, requests with filters, one request, tokens."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from sigap.reports.models import Category
from tests.factories import WAJO, make_report, photo
from tests.integration.open311_support import BASE, as_json, form, new_key, post, xml, xml_items

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def test_discovery_lists_the_endpoint_and_both_formats_in_xml(client) -> None:
    root = xml(client.get(f"{BASE}/discovery.xml"))

    assert root.tag == "discovery"
    assert root.findtext("changeset")
    endpoint = root.find("endpoints/endpoint")
    assert endpoint is not None and endpoint.findtext("url", "").endswith("/open311/v2/")
    assert [f.text for f in endpoint.findall("formats/format")] == ["text/xml", "application/json"]


def test_discovery_in_json_has_the_same_shape(client) -> None:
    answer = as_json(client.get(f"{BASE}/discovery.json"))

    assert answer["endpoints"][0]["specification"].startswith("http://wiki.open311.org/GeoReport_v2")


def test_services_in_xml_list_one_service_per_active_category(client) -> None:
    root = xml(client.get(f"{BASE}/services.xml"))

    assert root.tag == "services" and all(child.tag == "service" for child in root)
    codes = [item["service_code"] for item in xml_items(root)]
    assert codes == list(Category.objects.filter(is_active=True).order_by("order", "name").values_list("code",
                                                                                                       flat=True))
    road = next(item for item in xml_items(root) if item["service_code"] == "jalan_rusak")
    assert road["metadata"] == "true" and road["type"] == "realtime"
    assert road["group"] == Category.objects.get(code="jalan_rusak").unit.name
    assert set(road) >= {"service_name", "description", "keywords"}


def test_services_in_json_are_a_bare_array(client) -> None:
    answer = as_json(client.get(f"{BASE}/services.json"))

    assert isinstance(answer, list) and answer[0]["type"] == "realtime"


def test_an_inactive_category_is_not_offered(client) -> None:
    Category.objects.filter(code="drainase").update(is_active=False)

    codes = [item["service_code"] for item in as_json(client.get(f"{BASE}/services.json"))]
    assert "drainase" not in codes


def test_a_service_definition_in_xml_describes_each_attribute(client) -> None:
    root = xml(client.get(f"{BASE}/services/jalan_rusak.xml"))

    assert root.tag == "service_definition" and root.findtext("service_code") == "jalan_rusak"
    attributes = {a.findtext("code"): a for a in root.findall("attributes/attribute")}
    assert {"kelurahan", "rw", "rt", "kind", "event_date"} <= set(attributes)
    assert attributes["kelurahan"].findtext("datatype") == "singlevaluelist"
    assert WAJO in [v.findtext("key") for v in attributes["kelurahan"].findall("values/value")]
    assert attributes["rw"].findtext("datatype") == "string"
    assert attributes["event_date"].findtext("datatype") == "datetime"
    kinds = [v.findtext("key") for v in attributes["kind"].findall("values/value")]
    assert kinds == ["pengaduan", "aspirasi", "permintaan_informasi"]
    for attribute in attributes.values():
        assert attribute.findtext("required") in ("true", "false")
        assert attribute.findtext("order", "").isdigit()
        assert attribute.findtext("datatype_description")


def test_a_service_definition_in_json(client) -> None:
    answer = as_json(client.get(f"{BASE}/services/jalan_rusak.json"))

    assert [a["order"] for a in answer["attributes"]] == sorted(a["order"] for a in answer["attributes"])


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_service_is_404_in_the_requested_format(client, fmt) -> None:
    response = client.get(f"{BASE}/services/no_such.{fmt}")

    assert response.status_code == 404
    if fmt == "xml":
        assert xml(response).find("error/code").text == "404"
    else:
        assert as_json(response)[0]["code"] == 404


def test_requests_in_xml_are_service_requests_request_with_every_field(client) -> None:
    report = make_report()

    root = xml(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests" and all(child.tag == "request" for child in root)
    item = next(i for i in xml_items(root) if i["service_request_id"] == report.tracking_id)
    assert item["status"] == "open"
    assert item["service_code"] == "jalan_rusak"
    assert item["address_id"] == WAJO
    assert item["requested_datetime"].endswith("+08:00")
    assert item["expected_datetime"].endswith("+08:00")
    assert set(item) >= {"status_notes", "agency_responsible", "service_notice", "updated_datetime", "address",
                         "lat", "long", "media_url"}


def test_requests_in_json_are_a_bare_array(client) -> None:
    make_report()

    answer = as_json(client.get(f"{BASE}/requests.json"))
    assert isinstance(answer, list) and answer[0]["status"] in ("open", "closed")


def test_a_rahasia_report_is_never_listed_or_returned(client) -> None:
    hidden = make_report(rahasia=True)

    listed = [i["service_request_id"] for i in as_json(client.get(f"{BASE}/requests.json"))]
    assert hidden.tracking_id not in listed
    assert client.get(f"{BASE}/requests/{hidden.tracking_id}.json").status_code == 404
    assert hidden.tracking_id not in client.get(f"{BASE}/requests.json?service_request_id={hidden.tracking_id}") \
        .content.decode()


def test_no_reporter_name_or_contact_appears_in_any_request(client) -> None:
    report = make_report(anonim=True, reporter_name="Wa Ode Rahasia")

    body = client.get(f"{BASE}/requests/{report.tracking_id}.xml").content.decode()
    assert "Wa Ode Rahasia" not in body and "sitti@example.com" not in body and "81234500001" not in body


def test_a_single_request_is_a_list_of_one_in_both_formats(client) -> None:
    report = make_report()

    assert [i["service_request_id"] for i in as_json(client.get(f"{BASE}/requests/{report.tracking_id}.json"))] \
        == [report.tracking_id]
    root = xml(client.get(f"{BASE}/requests/{report.tracking_id}.xml"))
    assert [i["service_request_id"] for i in xml_items(root)] == [report.tracking_id]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_request_is_404(client, fmt) -> None:
    assert client.get(f"{BASE}/requests/BBU-ZZZZZZ.{fmt}").status_code == 404


def test_service_request_id_takes_a_comma_list(client) -> None:
    first, second, _third = make_report(), make_report(), make_report()

    answer = as_json(client.get(f"{BASE}/requests.json?service_request_id={first.tracking_id},{second.tracking_id}"))
    assert {i["service_request_id"] for i in answer} == {first.tracking_id, second.tracking_id}


def test_service_code_filters_by_category(client) -> None:
    make_report(category="jalan_rusak")
    waste = make_report(category="sampah")

    answer = as_json(client.get(f"{BASE}/requests.json?service_code=sampah"))
    assert [i["service_request_id"] for i in answer] == [waste.tracking_id]


def test_the_default_window_is_the_last_90_days(client, frozen_now) -> None:
    old = make_report(now=frozen_now - timedelta(days=91))
    recent = make_report(now=frozen_now - timedelta(days=89))

    listed = [i["service_request_id"] for i in as_json(client.get(f"{BASE}/requests.json"))]
    assert recent.tracking_id in listed and old.tracking_id not in listed


def test_start_and_end_date_bound_the_requested_time(client, frozen_now) -> None:
    now = frozen_now
    inside = make_report(now=now - timedelta(days=120))
    make_report(now=now - timedelta(days=100))
    start = (now - timedelta(days=125)).isoformat()
    end = (now - timedelta(days=110)).isoformat()

    answer = as_json(client.get(f"{BASE}/requests.json", {"start_date": start, "end_date": end}))
    assert [i["service_request_id"] for i in answer] == [inside.tracking_id]


@pytest.mark.parametrize("query", [
    {"start_date": "yesterday"},
    {"end_date": "2025-13-45"},
    {"start_date": "2025-03-01T00:00:00+08:00", "end_date": "2025-01-01T00:00:00+08:00"},
    {"start_date": "2024-01-01T00:00:00+08:00", "end_date": "2025-01-01T00:00:00+08:00"},
    {"status": "pending"},
    {"page": "0"},
    {"page_size": "1001"},
    {"page_size": "-1"},
])
def test_a_bad_filter_is_400_with_the_error_list(client, query) -> None:
    response = client.get(f"{BASE}/requests.xml", query)

    assert response.status_code == 400
    assert xml(response).find("error/description").text


def test_page_and_page_size_walk_the_list_newest_first(client, frozen_now) -> None:
    now = frozen_now
    reports = [make_report(now=now - timedelta(hours=hours)) for hours in (3, 2, 1)]

    first = as_json(client.get(f"{BASE}/requests.json?page_size=2"))
    second = as_json(client.get(f"{BASE}/requests.json?page_size=2&page=2"))
    assert [i["service_request_id"] for i in first + second] == [r.tracking_id for r in reversed(reports)]


def test_a_token_answers_its_service_request_id(client) -> None:
    answer = as_json(post(client, "json", form(new_key())))

    token = answer[0]["token"]
    root = xml(client.get(f"{BASE}/tokens/{token}.xml"))
    assert xml_items(root) == [{"service_request_id": answer[0]["service_request_id"], "token": token}]
    assert client.get(f"{BASE}/tokens/nope.json").status_code == 404


def test_the_media_url_is_the_clients_link(client) -> None:
    answer = as_json(post(client, "json", form(new_key())))

    [item] = as_json(client.get(f"{BASE}/requests/{answer[0]['service_request_id']}.json"))
    assert item["media_url"] == "https://example.org/foto/lubang.jpg"
    assert item["lat"] == pytest.approx(-5.4701) and item["long"] == pytest.approx(122.6123)


@pytest.mark.parametrize("path", ["discovery", "services", "services/jalan_rusak", "requests"])
def test_a_wrong_jurisdiction_is_404_everywhere(client, path) -> None:
    response = client.get(f"{BASE}/{path}.json?jurisdiction_id=jakarta.go.id")

    assert response.status_code == 404 and as_json(response)[0]["code"] == 404


def test_the_jurisdiction_comes_from_the_setting(client, settings) -> None:
    settings.SIGAP_OPEN311_JURISDICTION = "kota.example.id"

    assert client.get(f"{BASE}/services.json?jurisdiction_id=kota.example.id").status_code == 200
    assert client.get(f"{BASE}/services.json?jurisdiction_id=baubau.go.id").status_code == 404
    assert client.get(f"{BASE}/services.json?jurisdiction_id=").status_code == 200


def test_a_web_report_with_a_photo_points_media_url_at_its_public_photo(client) -> None:
    report = make_report(photos=(photo(),))

    [item] = as_json(client.get(f"{BASE}/requests/{report.tracking_id}.json"))
    photo_id = report.photos.get().pk
    assert item["media_url"].endswith(f"/lacak/{report.tracking_id}/foto/{photo_id}")
    assert client.get(urlsplit(item["media_url"]).path).status_code == 200
