"""A Redis that is down (a real refused connection, not a mock) slows nothing down to a 500: intake, the
transparency page and /readyz keep answering, and the log says the limits are off."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from sigap.reports.models import Report
from sigap.web import form_token
from tests.factories import WAJO
from tests.integration.open311_support import as_json, form, new_key, post

pytestmark = pytest.mark.django_db

# Port 1 on the loopback: nothing listens there, so every cache call is refused at once.
CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def cache_down(settings) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CLOSED_PORT,
                                   "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}


def _api_report() -> dict[str, Any]:
    return {"kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
            "description": "Lubang besar di depan pasar.", "location": {"kelurahan": WAJO},
            "anonim": False, "rahasia": False, "reporter": {"name": "Wa Ode", "phone": "081234567890"}}


def test_the_api_takes_a_report_while_the_cache_is_down(client) -> None:
    response = client.post("/api/v1/reports", data=json.dumps(_api_report()), content_type="application/json")

    assert response.status_code == 201
    assert Report.objects.filter(tracking_id=response.json()["tracking_id"]).exists()


def test_the_web_form_files_a_report_while_the_cache_is_down(client) -> None:
    data = {"kind": "pengaduan", "category": "jalan_rusak", "kecamatan": "74.72.06", "kelurahan": WAJO,
            "title": "Jalan berlubang", "description": "Lubang besar di depan pasar.", "name": "La Ode",
            "phone": "0812 3456 7891", "email": "", "website": "", "form_token": form_token.issue()}

    response = client.post("/lapor/", data)

    assert response.status_code == 302


def test_open311_takes_a_request_while_the_cache_is_down(client) -> None:
    response = post(client, "json", form(new_key()))

    assert response.status_code == 200
    assert Report.objects.filter(tracking_id=as_json(response)[0]["service_request_id"]).exists()


def test_the_rate_limit_logs_that_it_is_off_while_the_cache_is_down(client, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="sigap.core.ratelimit"):
        client.post("/api/v1/reports", data=json.dumps(_api_report()), content_type="application/json")

    assert any("intake not limited" in record.getMessage() for record in caplog.records)


def test_the_transparency_page_opens_while_the_cache_is_down(client) -> None:
    assert client.get("/transparansi/").status_code == 200


def test_readyz_stays_200_and_says_the_cache_is_unavailable(client) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "unavailable"
