"""The city's time zone and its label come from settings, through one helper (sigap.core.timefmt)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from sigap.core.timefmt import iso_local, local_tz, short_local, to_local, tz_label, utc_offset_label
from tests.clock import FIXED_NOW

UTC = ZoneInfo("UTC")


def test_the_local_time_zone_is_the_configured_one() -> None:
    with override_settings(TIME_ZONE="Asia/Jayapura"):
        assert local_tz() == ZoneInfo("Asia/Jayapura")


def test_baubau_is_the_default_city_time_zone() -> None:
    assert (local_tz(), tz_label()) == (ZoneInfo("Asia/Makassar"), "WITA")


def test_a_stored_utc_moment_is_shown_in_local_time_with_its_offset() -> None:
    moment = datetime(2026, 11, 11, 2, 0, tzinfo=UTC)

    assert (to_local(moment).hour, iso_local(moment)) == (10, "2026-11-11T10:00:00+08:00")


def test_a_short_time_in_a_message_carries_the_configured_label() -> None:
    with override_settings(TIME_ZONE="Asia/Jayapura", SIGAP_TIME_ZONE_LABEL="WIT"):
        assert short_local(FIXED_NOW) == "11-11-2026 11:00 WIT"


@pytest.mark.parametrize(("zone", "label"), [("Asia/Makassar", "UTC+8"), ("Asia/Jakarta", "UTC+7"),
                                             ("Asia/Kolkata", "UTC+5:30"), ("America/Lima", "UTC-5")])
def test_the_offset_label_follows_the_zone(zone: str, label: str) -> None:
    with override_settings(TIME_ZONE=zone):
        assert utc_offset_label(FIXED_NOW) == label


@pytest.mark.django_db
def test_every_page_footer_names_the_configured_zone_and_city(client) -> None:  # type: ignore[no-untyped-def]
    with override_settings(SIGAP_CITY_NAME="Kota Contoh", SIGAP_TIME_ZONE_LABEL="WIT", TIME_ZONE="Asia/Jayapura"):
        page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Kota Contoh" in page and "Times are shown in WIT (UTC+9)." in page
