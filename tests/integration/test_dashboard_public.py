"""Public transparency pages: figures and anonymised recent reports, never a reporter's name, phone or email."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from sigap.reports.models import Report
from tests.factories import make_report
from tests.integration.dashboard_support import random_lifecycles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    """Event ids can repeat after a rolled-back test on SQLite, so a cached dashboard must not leak across."""
    from django.core.cache import cache

    cache.clear()

PUBLIC_PATHS = ("/transparansi/", "/transparansi/unit/pupr/", "/transparansi/unit/dlh/",
                "/api/v1/open-data/reports.json", "/api/v1/open-data/reports.csv")


def test_no_public_response_contains_any_reporters_name_phone_or_email(user) -> None:
    random_lifecycles(random.Random(4), 12, timezone.now() - timedelta(days=30), user)
    make_report(now=timezone.now() - timedelta(days=1))
    secrets = set()
    for name, phone, email in Report.objects.values_list("reporter_name", "reporter_phone", "reporter_email"):
        secrets |= {name, phone, email}
    secrets.discard("")

    for path in PUBLIC_PATHS:
        response = Client().get(path)
        body = response.content.decode("utf-8-sig")
        assert response.status_code == 200, path
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], (path, leaked)


def test_city_page_lists_non_rahasia_reports_and_hides_rahasia_ones() -> None:
    shown = make_report(now=timezone.now() - timedelta(days=1), title="Jalan terbuka uji")
    hidden = make_report(now=timezone.now() - timedelta(days=1), rahasia=True, title="Rahasia uji")

    body = Client().get("/transparansi/").content.decode()

    assert shown.tracking_id in body
    assert hidden.tracking_id not in body and "Rahasia uji" not in body


def test_recent_list_shows_each_status_in_the_readers_language() -> None:
    make_report(now=timezone.now() - timedelta(days=1), title="Status uji")

    indonesian = Client().get("/transparansi/").content.decode()
    english = Client(headers={"accept-language": "en"}).get("/transparansi/").content.decode()

    assert "<strong>Diterima</strong>" in indonesian
    assert "<strong>Received</strong>" in english


def test_anonim_report_has_no_exact_point_on_the_public_page() -> None:
    point = {"lat": Decimal("-5.467123"), "lng": Decimal("122.612345")}
    make_report(now=timezone.now() - timedelta(days=1), anonim=True, **point)
    make_report(now=timezone.now() - timedelta(days=1), lat=Decimal("-5.470001"), lng=Decimal("122.600001"))

    body = Client().get("/transparansi/").content.decode()

    assert "-5.467123" not in body and "122.612345" not in body
    assert "-5.470001" in body


def test_public_page_works_without_javascript_as_a_list_and_loads_no_chart_library() -> None:
    make_report(now=timezone.now() - timedelta(days=1))

    body = Client().get("/transparansi/").content.decode()

    assert '<ul class="recent">' in body
    assert "<svg" in body
    assert "cdn" not in body.lower()


def test_unknown_unit_page_is_not_found() -> None:
    assert Client().get("/transparansi/unit/tidak-ada/").status_code == 404
