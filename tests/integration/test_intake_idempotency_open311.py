"""Open311 POST honours Idempotency-Key, scoped to the client app's api_key."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from sigap.open311.models import Open311Submission
from sigap.reports.models import Report
from tests.integration.open311_support import BASE, as_json, form, new_key, xml, xml_items

pytestmark = pytest.mark.django_db

KEY = "0c6f1e0a-8f57-4d3e-b2f4-0a7d5b3c9e21"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def post(client: Any, fmt: str, data: dict[str, Any], key: str = KEY, **headers: str) -> Any:
    return client.post(f"{BASE}/requests.{fmt}", data=data, HTTP_IDEMPOTENCY_KEY=key, **headers)


def test_an_open311_retry_with_the_same_key_gets_the_same_request_id_and_token(client) -> None:
    # Given a request filed with a key
    api_key = new_key()
    first = post(client, "json", form(api_key))
    before = (Report.objects.count(), Open311Submission.objects.count())

    # When the client retries it
    retry = post(client, "json", form(api_key))

    # Then the answer is the first one, status included, and nothing new is stored
    assert first.status_code == retry.status_code == 200
    assert as_json(retry) == as_json(first)
    assert retry["Idempotent-Replayed"] == "true"
    assert (Report.objects.count(), Open311Submission.objects.count()) == before


def test_an_open311_retry_in_xml_answers_the_same_request(client) -> None:
    # Given a request filed with a key in JSON
    api_key = new_key()
    first = as_json(post(client, "json", form(api_key)))[0]

    # When it is retried asking for XML
    retry = xml_items(xml(post(client, "xml", form(api_key))))[0]

    # Then the XML names the same request and token
    assert retry["service_request_id"] == first["service_request_id"]
    assert retry["token"] == first["token"]


def test_an_open311_key_reused_with_another_body_is_refused_with_422(client) -> None:
    # Given a request filed with a key
    api_key = new_key()
    post(client, "json", form(api_key))
    before = Report.objects.count()

    # When the key comes back with another description
    response = post(client, "json", form(api_key, description="Lampu jalan mati sejak seminggu."),
                    HTTP_ACCEPT_LANGUAGE="id")

    # Then it is refused in the spec's error list, in Indonesian, and nothing is stored
    assert response.status_code == 422
    assert "sudah dipakai" in as_json(response)[0]["description"]
    assert Report.objects.count() == before


def test_another_media_url_is_another_body(client) -> None:
    # Given a request filed with a key
    api_key = new_key()
    post(client, "json", form(api_key))

    # When the retry names another photo link
    response = post(client, "json", form(api_key, media_url="https://example.org/foto/lain.jpg"))

    # Then it is refused
    assert response.status_code == 422


def test_two_client_apps_using_the_same_key_file_two_reports(client) -> None:
    # Given two client apps that happen to pick the same key
    one, two = new_key("Aplikasi Satu"), new_key("Aplikasi Dua")

    # When both file the same body with it
    first = as_json(post(client, "json", form(one)))[0]
    second = as_json(post(client, "json", form(two)))[0]

    # Then each app has its own report
    assert first["service_request_id"] != second["service_request_id"]
