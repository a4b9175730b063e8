"""The services part of the JSON API: catalogue, one standard, the public view of a request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sigap.services import actions
from tests.integration.services_helpers import NIK, walk_in, wita

pytestmark = pytest.mark.django_db


def test_catalogue_lists_every_service_with_its_public_standard() -> None:
    body = Client().get("/api/v1/services").json()
    ktp = next(service for service in body if service["code"] == "ktp_el")
    assert ktp["completion"] == "same_day" and ktp["requirements"][0] == "Fotokopi KK" and ktp["unit"] == "dukcapil"


def test_unknown_service_is_a_404_error_list() -> None:
    answer = Client().get("/api/v1/services/tidak-ada")
    assert answer.status_code == 404 and answer.json()["errors"][0]["code"] == "not_found"


def test_request_view_shows_status_promise_and_missing_items_without_the_applicant(user: Any) -> None:
    officer = user("petugas.dukcapil")
    req = walk_in(officer, now=wita(10, 9))
    actions.mark_incomplete(request=req, by=officer, missing=["Fotokopi KK"], now=wita(10, 9, 5))
    answer = Client().get(f"/api/v1/service-requests/{req.tracking_id}")
    body = answer.json()
    assert body["status"] == "incomplete" and body["missing_items"] == ["Fotokopi KK"]
    assert body["promised_at"] == "2026-02-10T16:00:00+08:00"
    assert NIK not in answer.content.decode() and "La Ode" not in answer.content.decode()
