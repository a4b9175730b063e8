from __future__ import annotations

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_the_process_is_up(client) -> None:
    assert client.get("/healthz").status_code == 200


def test_readyz_answers_when_the_database_answers(client) -> None:
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch) -> None:
    def broken_cursor(*args, **kwargs):
        raise OperationalError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "unavailable", "error": "OperationalError"}


def test_readyz_reports_each_dependency_in_its_body(client) -> None:
    # When everything answers (local-memory cache, migrated database, nothing overdue)
    body = client.get("/readyz").json()

    # Then the body names each dependency of the contract with its state
    assert body["status"] == "ok"
    assert {name: state["status"] for name, state in body["checks"].items()} == {
        "database": "ok", "cache": "ok", "worker": "ok", "outbox": "ok"}


def test_home_page_is_in_indonesian_and_names_the_city(client) -> None:
    page = client.get("/").content.decode()

    assert "Kota Baubau" in page
    assert 'lang="id"' in page


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_answer_plain_http_when_https_is_enforced(client, settings, path: str) -> None:
    # Given production's HTTPS redirect (the test settings run with DEBUG on, so turn it on here)
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True

    # When a load balancer checks over plain HTTP
    response = client.get(path)

    # Then it is answered, not redirected
    assert response.status_code == 200


def test_other_pages_still_redirect_plain_http_to_https(client, settings) -> None:
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")
