"""The API docs page loads nothing from a CDN: Swagger UI comes from the project's static files, under the CSP."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_docs_page_loads_swagger_from_the_project_not_a_cdn(client, settings) -> None:
    # Given production (DEBUG off)
    settings.DEBUG = False

    response = client.get("/api/v1/docs", secure=True)

    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert all(source.startswith("/static/") for source in sources), sources


def test_the_api_docs_page_carries_the_sites_content_security_policy(client) -> None:
    response = client.get("/api/v1/docs")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode().replace(" ", "")


def test_the_openapi_document_is_served(client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Sigap API"
