"""POST /api/v1/reports honours Idempotency-Key: a retry gets the first answer and stores nothing new."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.cache import cache

from sigap.reports.models import IntakeKey, Report
from tests.factories import WAJO, jpeg_bytes

pytestmark = pytest.mark.django_db

KEY = "5b8f2c1e-4d7a-4e1b-9a2f-6c3d8e9f0a1b"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
        "description": "Lubang besar di depan pasar.", "location": {"kelurahan": WAJO, "rw": "1", "rt": "1"},
        "reporter": {"name": "Wa Ode", "phone": "0812-3456-7890"},
    }
    data.update(overrides)
    return data


def post(client: Any, data: Any, key: str | None = KEY, **headers: str) -> Any:
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post("/api/v1/reports", data=json.dumps(data), content_type="application/json", **headers)


def test_a_retry_with_the_same_key_and_body_gets_the_same_tracking_id_and_status_and_stores_nothing(client) -> None:
    # Given a report filed with a key
    first = post(client, body())
    before = Report.objects.count()

    # When the client retries with the same key and body
    retry = post(client, body())

    # Then it gets the same tracking ID and status code, marked as a replay, and nothing new is stored
    assert first.status_code == retry.status_code == 201
    assert retry.json()["tracking_id"] == first.json()["tracking_id"]
    assert retry.json()["reporter_token"] == first.json()["reporter_token"]
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Report.objects.count() == before


def test_the_same_body_spelled_differently_is_the_same_request(client) -> None:
    # Given a report filed with a key
    first = post(client, body())

    # When the retry spells the same body with other key order, spacing and phone format
    respelled = body(reporter={"phone": "+6281234567890", "name": "Wa Ode"})
    retry = client.post("/api/v1/reports", data=json.dumps(respelled, indent=2, sort_keys=True),
                        content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)

    # Then it is a replay of the first
    assert retry.status_code == 201
    assert retry.json()["tracking_id"] == first.json()["tracking_id"]


def test_the_same_key_with_another_body_is_refused_with_422_and_stores_nothing(client) -> None:
    # Given a report filed with a key
    post(client, body())
    before = Report.objects.count()

    # When the same key comes with another body
    response = post(client, body(title="Lampu jalan mati"))

    # Then it is refused in words, on the header, and nothing is stored
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["code"] == "idempotency_key_reused"
    assert error["field"] == "Idempotency-Key"
    assert Report.objects.count() == before


def test_the_reused_key_message_is_in_the_requests_language(client) -> None:
    # Given a key already used
    post(client, body())

    # When it is reused with another body, in Indonesian and in English
    indonesian = post(client, body(title="Lain"), HTTP_ACCEPT_LANGUAGE="id")
    english = post(client, body(title="Lain"), HTTP_ACCEPT_LANGUAGE="en")

    # Then each answer speaks the request's language
    assert "already used" in english.json()["errors"][0]["message"]
    assert "sudah dipakai" in indonesian.json()["errors"][0]["message"]


def test_requests_without_a_key_are_filed_each_time(client) -> None:
    # Given no key
    before = Report.objects.count()

    # When the same body is sent twice
    post(client, body(), key=None)
    post(client, body(), key=None)

    # Then two reports are stored, as before keys existed
    assert Report.objects.count() == before + 2
    assert not IntakeKey.objects.exists()


def test_two_keys_are_two_reports(client) -> None:
    # When the same body is sent with two keys
    first = post(client, body(), key="key-one-0001")
    second = post(client, body(), key="key-two-0002")

    # Then they are two reports
    assert first.json()["tracking_id"] != second.json()["tracking_id"]


def test_a_key_that_is_not_visible_ascii_is_refused(client) -> None:
    # When the key has a space in it, or is too long
    spaced = post(client, body(), key="two words")
    long = post(client, body(), key="k" * 256)

    # Then both are refused on the header and nothing is stored
    assert spaced.status_code == long.status_code == 422
    assert spaced.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Report.objects.filter(title="Jalan berlubang").exists()


def test_a_retry_over_the_rate_limit_still_gets_its_first_answer(client, settings) -> None:
    # Given a contact allowed one report a day, who filed it with a key
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 1
    first = post(client, body())

    # When the retry comes (the limit is now reached)
    retry = post(client, body())

    # Then it is answered as the first, while a new report from that contact is refused
    assert retry.status_code == 201
    assert retry.json()["tracking_id"] == first.json()["tracking_id"]
    assert post(client, body(title="Lain"), key="another-key-1").status_code == 429


def test_a_retry_with_the_same_photo_is_a_replay_and_another_photo_is_refused(client) -> None:
    def multipart(photo: bytes) -> Any:
        upload = io.BytesIO(photo)
        upload.name = "lubang.jpg"
        return client.post("/api/v1/reports", {"data": json.dumps(body()), "photos": [upload]},
                           HTTP_IDEMPOTENCY_KEY=KEY)

    # Given a report with a photo filed with a key
    first = multipart(jpeg_bytes((300, 200)))
    before = Report.objects.count()

    # When it is retried with the same photo, then with another photo
    retry = multipart(jpeg_bytes((300, 200)))
    other = multipart(jpeg_bytes((200, 300)))

    # Then the first is a replay and the second refused; nothing new is stored
    assert retry.status_code == 201
    assert retry.json()["tracking_id"] == first.json()["tracking_id"]
    assert other.status_code == 422
    assert Report.objects.count() == before


def test_the_openapi_document_declares_the_idempotency_key_header(client) -> None:
    # When the OpenAPI document is read
    schema = client.get("/api/v1/openapi.json").json()

    # Then POST /reports takes an optional Idempotency-Key header
    parameters = schema["paths"]["/api/v1/reports"]["post"]["parameters"]
    header = next(item for item in parameters if item["name"] == "Idempotency-Key")
    assert header["in"] == "header"
    assert not header.get("required", False)
