"""API errors speak the request's language: Indonesian by default, English with Accept-Language: en."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from sigap.api.messages import validation_message
from tests.integration.staff_support import bearer

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def _errors(response: Any, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()["errors"]


def _post_report(client: Any, body: Any, **headers: str) -> Any:
    return client.post("/api/v1/reports", data=json.dumps(body), content_type="application/json", **headers)


def test_a_missing_field_is_said_in_indonesian_by_default(client) -> None:
    # given a report without a title
    errors = _errors(_post_report(client, {"kind": "pengaduan", "category": "jalan_rusak", "description": "x",
                                           "reporter": {"phone": "081234567890"}}), 422)
    # then the field is named, the code stays pydantic's, the message is Indonesian
    [missing] = [item for item in errors if item["field"] == "title"]
    assert missing["code"] == "missing"
    assert missing["message"] == "Kolom ini wajib diisi."


def test_a_missing_field_is_said_in_english_when_asked(client) -> None:
    errors = _errors(_post_report(client, {"kind": "pengaduan"}, **EN), 422)
    assert {item["message"] for item in errors if item["code"] == "missing"} == {"This field is required."}


def test_a_too_long_title_says_the_limit_in_indonesian(client) -> None:
    body = {"kind": "pengaduan", "category": "jalan_rusak", "title": "x" * 151, "description": "x",
            "reporter": {"phone": "081234567890"}}
    [error] = _errors(_post_report(client, body), 422)
    assert error["code"] == "string_too_long"
    assert error["message"] == "Paling banyak 150 karakter."


def test_an_unknown_kind_lists_the_choices(client) -> None:
    body = {"kind": "keluhan", "category": "jalan_rusak", "title": "x", "description": "x",
            "reporter": {"phone": "081234567890"}}
    [error] = _errors(_post_report(client, body, **EN), 422)
    assert error["field"] == "kind"
    assert error["message"].startswith("Must be one of: ")
    assert "'pengaduan'" in error["message"]


def test_an_unknown_report_is_not_found_in_indonesian(client) -> None:
    [error] = _errors(client.get("/api/v1/reports/BBU-ZZZZZZ"), 404)
    assert error["message"] == "Laporan tidak ditemukan."


def test_an_unknown_report_is_not_found_in_english_when_asked(client) -> None:
    [error] = _errors(client.get("/api/v1/reports/BBU-ZZZZZZ", **EN), 404)
    assert error["message"] == "Report not found."


def test_a_staff_report_out_of_reach_is_not_found_in_indonesian(client, user) -> None:
    [error] = _errors(client.get("/api/v1/staff/reports/BBU-ZZZZZZ", **bearer(user("verifikator"))), 404)
    assert error["message"] == "Laporan tidak ditemukan."


def test_a_missing_token_is_said_in_indonesian(client) -> None:
    [error] = _errors(client.get("/api/v1/staff/reports"), 401)
    assert error["code"] == "unauthorized"
    assert "token" in error["message"]
    assert error["message"].startswith("Diperlukan")


def test_a_missing_token_is_said_in_english_when_asked(client) -> None:
    [error] = _errors(client.get("/api/v1/staff/reports", **EN), 401)
    assert error["message"].startswith("A bearer token is required")


def test_an_unknown_error_type_falls_back_to_a_translated_generic_message() -> None:
    with translation.override("id"):
        assert validation_message({"type": "something_new", "msg": "Whatever"}) == "Nilai tidak valid."


def test_a_validator_message_is_kept_without_pydantics_prefix() -> None:
    assert validation_message({"type": "value_error", "msg": "Value error, Give lat and lng together."}) == \
        "Give lat and lng together."


# --- unknown paths (item e) --------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/reports/BBU-1/nope/deeper", "/api/v1/"])
def test_an_unknown_api_path_is_a_json_404_in_indonesian(client, path) -> None:
    [error] = _errors(client.get(path), 404)
    assert error["code"] == "not_found"
    assert error["message"].startswith("Tidak ada endpoint API")


def test_an_unknown_api_path_is_a_json_404_in_english_when_asked(client) -> None:
    [error] = _errors(client.get("/api/v1/nope", **EN), 404)
    assert error["message"].startswith("There is no such API endpoint")


def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page(client) -> None:
    client_with_checks = type(client)(enforce_csrf_checks=True)
    _errors(client_with_checks.post("/api/v1/nope", data="{}", content_type="application/json"), 404)
