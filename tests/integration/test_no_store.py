"""`Cache-Control: no-store` on what must not stay in a browser or a cache: staff pages, exports, the reporter's
secret-link pages and the staff API; public pages keep their caching."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from tests.factories import make_report, photo
from tests.integration.staff_support import bearer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))


@pytest.fixture(autouse=True)
def _fixed_clock() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def signed_in(user: Any, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def no_store(response: Any) -> bool:
    return response.headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize(("username", "path"), [
    ("petugas.pupr", "/petugas/"),
    ("sekda", "/pimpinan/"),
    ("lurah.wajo", "/rantai/"),
    ("admin", "/admin/"),
    ("admin", "/admin/reports/report/"),
], ids=["petugas", "pimpinan", "rantai", "admin", "admin list"])
def test_staff_pages_are_not_stored(user, username, path) -> None:
    # when a signed-in officer opens a staff page
    response = signed_in(user, username).get(path)

    # then the browser is told to keep nothing of it
    assert response.status_code == 200
    assert no_store(response)


def test_the_counter_is_not_stored(user) -> None:
    response = signed_in(user, "petugas.dukcapil").get("/layanan/loket/")

    assert response.status_code == 200
    assert no_store(response)


def test_a_staff_page_asked_without_signing_in_is_not_stored(client) -> None:
    response = client.get("/petugas/")

    assert response.status_code == 302
    assert no_store(response)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_are_not_stored(user, fmt) -> None:
    make_report()

    response = signed_in(user, "petugas.pupr").get(f"/pimpinan/ekspor/antrian/?format={fmt}")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert no_store(response)


def test_the_reporters_secret_page_is_not_stored(client) -> None:
    report = make_report()

    response = client.get(f"/lacak/{report.tracking_id}/pelapor/{report.reporter_token}")

    assert response.status_code == 200
    assert no_store(response)


def test_the_page_after_filing_is_not_stored(client) -> None:
    # it carries the reporter's link
    report = make_report()

    response = client.get(f"/lapor/terkirim/{report.tracking_id}/{report.reporter_token}")

    assert no_store(response)


def test_a_photo_through_the_reporters_link_is_not_stored(client, user) -> None:
    from sigap.reports.models import ReportPhoto

    report = make_report(photos=(photo(),))
    item = ReportPhoto.objects.get(report=report)

    response = client.get(f"/lacak/{report.tracking_id}/pelapor/{report.reporter_token}/foto/{item.pk}")

    assert response.status_code == 200
    assert no_store(response)


def test_the_staff_api_is_not_stored(client, user) -> None:
    response = client.get("/api/v1/staff/reports", **bearer(user("petugas.pupr")))

    assert response.status_code == 200
    assert no_store(response)


def test_the_public_tracking_page_keeps_its_caching(client) -> None:
    report = make_report()

    response = client.get(f"/lacak/{report.tracking_id}")

    assert response.status_code == 200
    assert not no_store(response)


def test_a_public_page_seen_by_a_signed_in_officer_is_not_stored(user) -> None:
    report = make_report()

    response = signed_in(user, "petugas.pupr").get(f"/lacak/{report.tracking_id}")

    assert no_store(response)


def test_the_follow_confirmation_page_is_not_stored(client) -> None:
    from sigap.reports import actions

    report = make_report()
    [follower] = actions.follow_report(report=report, email="tetangga@example.com")

    response = client.get(f"/lapor/ikuti/{report.tracking_id}/konfirmasi/{follower.confirm_token}")

    assert response.status_code == 200
    assert no_store(response)


def test_the_support_confirmation_page_is_not_stored(client) -> None:
    from sigap.reports import actions

    report = make_report()
    [supporter] = actions.support_report(report=report, email="tetangga@example.com")

    response = client.get(f"/lapor/dukung/{report.tracking_id}/konfirmasi/{supporter.confirm_token}")

    assert response.status_code == 200
    assert no_store(response)
