"""Open data: one row per non-rahasia report, filters, licence, never personal data."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client

from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(frozen_now):
    now = frozen_now - timedelta(days=3)
    public = make_report(now=now)
    secret = make_report(now=now, rahasia=True)
    waste = make_report(category="sampah", now=now - timedelta(days=40))
    return public, secret, waste


def test_json_lists_non_rahasia_reports_with_the_licence(reports) -> None:
    body = Client().get("/api/v1/open-data/reports.json").json()

    ids = {row["tracking_id"] for row in body["reports"]}
    assert body["licence"] == "CC BY 4.0"
    assert reports[0].tracking_id in ids and reports[2].tracking_id in ids
    assert reports[1].tracking_id not in ids


def test_csv_has_the_same_rows_and_states_the_licence(reports) -> None:
    response = Client().get("/api/v1/open-data/reports.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    assert {row["tracking_id"] for row in rows} >= {reports[0].tracking_id, reports[2].tracking_id}
    assert reports[1].tracking_id not in {row["tracking_id"] for row in rows}


def test_filters_by_category_and_period(reports, frozen_now) -> None:
    since = (frozen_now.date() - timedelta(days=10)).isoformat()

    body = Client().get(f"/api/v1/open-data/reports.json?category=jalan_rusak&from={since}").json()

    assert {row["tracking_id"] for row in body["reports"]} == {reports[0].tracking_id}


def test_filters_by_kelurahan_and_unit(reports) -> None:
    assert Client().get("/api/v1/open-data/reports.json?kelurahan=74.72.06.1007").json()["count"] == 2
    assert Client().get("/api/v1/open-data/reports.json?unit=nonexistent").json()["count"] == 0


def test_bad_date_is_a_json_error() -> None:
    response = Client().get("/api/v1/open-data/reports.json?from=kemarin")

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "from"


def test_no_personal_data_in_either_format(reports) -> None:
    for path in ("/api/v1/open-data/reports.json", "/api/v1/open-data/reports.csv"):
        body = Client().get(path).content.decode("utf-8-sig")
        for secret in ("Wa Ode Sitti", "+6281234500001", "sitti@example.com", "Lubang besar"):
            assert secret not in body, (path, secret)
