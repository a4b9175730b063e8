"""Schemathesis over /api/v1/openapi.json through the WSGI app: no 5xx, every response matches the schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
)

from config.wsgi import application

# Generating the OpenAPI document touches no table, so it is loaded once at collection.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
PUBLIC = r"^(/api/v1)?/(reports|categories|wilayah|reports/\{tracking_id\}(/reporter/\{action\})?)$"
public_schema = schema.include(path_regex=PUBLIC)
other_schema = schema.exclude(path_regex=PUBLIC)
FUZZ = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])
# Compression would hide the JSON from the checker; the API's own answer is what is checked.
HEADERS = {"Accept-Encoding": "identity"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Any:
    """Calling the WSGI app directly fires request_finished, which closes the database connection that holds
    the test's transaction on PostgreSQL; Django's own test client disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@public_schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_the_public_api_never_answers_5xx_and_always_matches_its_schema(case: Any) -> None:
    # Schema-valid data may still name an unknown category or kelurahan: a 422 there is right, not a failure.
    case.call_and_validate(headers=HEADERS, excluded_checks=[positive_data_acceptance])


@other_schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_every_other_endpoint_never_answers_5xx_and_documented_answers_match(case: Any) -> None:
    # Other areas' endpoints are held to no 5xx and to their documented shapes.
    response = case.call(headers=HEADERS)
    assert response.status_code < 500, response.text[:500]
    case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])
