"""A method an endpoint does not take: the API's and Open311's own error shape in the client's language, with the
methods it does take in Allow, and nothing changed."""

from __future__ import annotations

import pytest

from sigap.reports.models import Report
from tests.factories import make_report
from tests.integration.open311_support import xml

pytestmark = pytest.mark.django_db


def test_the_api_answers_a_wrong_method_with_its_json_error_in_indonesian(client) -> None:
    # given the report intake endpoint, which takes POST
    # when a client sends DELETE
    response = client.delete("/api/v1/reports")
    # then a JSON 405 says so in Indonesian and names what it accepts
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["errors"][0]
    assert error["code"] == "method_not_allowed"
    assert "tidak menerima DELETE" in error["message"]
    assert response["Allow"] == "POST"


def test_the_api_answers_a_wrong_method_in_english_when_asked(client) -> None:
    response = client.put("/api/v1/categories", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert "does not accept PUT" in response.json()["errors"][0]["message"]


def test_a_wrong_method_on_a_report_changes_nothing(client) -> None:
    # given a filed report
    report = make_report()
    # when a client tries to DELETE it through the public API
    response = client.delete(f"/api/v1/reports/{report.tracking_id}")
    # then it is refused and the report is still there
    assert response.status_code == 405
    assert Report.objects.filter(pk=report.pk).exists()


def test_open311_answers_a_wrong_method_with_the_spec_error_list_in_json(client) -> None:
    response = client.delete("/open311/v2/services.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    [error] = response.json()
    assert error["code"] == 405
    assert "tidak menerima DELETE" in error["description"]


def test_open311_answers_a_wrong_method_with_the_spec_error_list_in_xml(client) -> None:
    response = client.put("/open311/v2/requests.xml", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    root = xml(response)
    assert root.tag == "errors"
    assert "does not accept PUT" in (root.findtext("error/description") or "")
