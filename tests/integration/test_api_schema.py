"""Schemathesis over /api/v1/openapi.json through the WSGI app: no 5xx, every response matches the schema.

Every operation is fuzzed twice over: as generated, and with a control character (U+0000 and others) put into
each string it sends, public endpoints anonymously and staff endpoints with a verifikator's bearer token. A
control character must be refused with a 4xx in JSON, never reach PostgreSQL (which answers U+0000 with a 500).
max_examples stays small so the whole file runs in well under 90 s on PostgreSQL.
"""

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
from sigap.organization.tokens import issue_api_token
from sigap.reports.staff_actions import STAFF_ACTIONS
from tests.factories import make_report

# Generating the OpenAPI document touches no table, so it is loaded once at collection.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
PUBLIC = r"^(/api/v1)?/(reports|categories|wilayah|reports/\{tracking_id\}(/reporter/\{action\})?)$"
STAFF = r"/staff/|/actions/"
public_schema = schema.include(path_regex=PUBLIC)
other_schema = schema.exclude(path_regex=PUBLIC)
staff_schema = schema.include(path_regex=STAFF)
# Control characters a client or a probe might send (tab, LF and CR are ordinary text and not among them).
CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]
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


def _poisoned(value: Any, char: str) -> Any:
    """The value with `char` put into the middle of every string it holds (keys stay, so the values are read)."""
    if isinstance(value, str):
        return value[: len(value) // 2] + char + value[len(value) // 2:]
    if isinstance(value, list):
        return [_poisoned(item, char) for item in value]
    if isinstance(value, dict):
        return {key: _poisoned(item, char) for key, item in value.items()}
    return value


def _with_control_character(case: Any) -> Any:
    # The character is chosen from the case itself so that a run is repeatable (derandomize) and all are tried.
    char = CONTROL[sum(map(ord, repr((case.path_parameters, case.query, case.body)))) % len(CONTROL)]
    query = _poisoned(case.query or {}, char)
    path_parameters = _poisoned(case.path_parameters or {}, char)
    body = _poisoned(case.body, char) if isinstance(case.body, (dict, list, str)) else case.body
    if (query, path_parameters, body) == (case.query or {}, case.path_parameters or {}, case.body):
        query = {**query, "q": f"x{char}"}  # nothing to carry the character: an undocumented parameter does
    poisoned = case.derive(query=query)
    poisoned.path_parameters = path_parameters
    poisoned.body = body
    return poisoned


def _refused_cleanly(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    assert response.status_code >= 400, response.text[:500]
    if response.status_code != 405:  # an undocumented method is django-ninja's plain 405, before any input is read
        assert response.headers["content-type"][0].startswith("application/json"), response.text[:200]


@pytest.fixture
def staff_headers(user: Any) -> dict[str, str]:
    return {**HEADERS, "Authorization": f"Bearer {issue_api_token(person=user('verifikator'), name='fuzz')}"}


@pytest.fixture
def known_report() -> str:
    return make_report().tracking_id


@schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_no_endpoint_answers_5xx_to_control_characters_anonymously(case: Any) -> None:
    _refused_cleanly(_with_control_character(case).call(headers=HEADERS))


@staff_schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_staff_endpoints_with_a_token_never_answer_5xx_and_match_their_schema(
        case: Any, staff_headers: dict[str, str], known_report: str) -> None:
    # Half the cases name a report that exists and a real action, so the actions themselves run, not only 404s.
    seed = sum(map(ord, repr(case.path_parameters)))
    if "tracking_id" in (case.path_parameters or {}) and seed % 2 == 0:
        case.path_parameters["tracking_id"] = known_report
        if "action" in case.path_parameters:
            case.path_parameters["action"] = STAFF_ACTIONS[seed // 2 % len(STAFF_ACTIONS)]
    response = case.call(headers=staff_headers)
    assert response.status_code < 500, response.text[:500]
    case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])


@staff_schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_staff_endpoints_with_a_token_refuse_control_characters_without_5xx(
        case: Any, staff_headers: dict[str, str], known_report: str) -> None:
    if "tracking_id" in (case.path_parameters or {}):
        case.path_parameters["tracking_id"] = known_report
        if "action" in case.path_parameters:
            case.path_parameters["action"] = STAFF_ACTIONS[sum(map(ord, repr(case.query))) % len(STAFF_ACTIONS)]
    _refused_cleanly(_with_control_character(case).call(headers=staff_headers))
