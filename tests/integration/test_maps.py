"""Where the maps start and what they may load: centroids from the reference data, the city when a kelurahan's is
unknown, no map without any, and a policy that lets the page reach exactly the configured tile server."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sigap.wilayah.maps import map_start
from sigap.wilayah.models import Wilayah
from tests.factories import WAJO

pytestmark = pytest.mark.django_db

KOTA, KECAMATAN = "74.72", "74.72.06"


def test_the_reference_data_gives_the_city_its_centroid() -> None:
    kota = Wilayah.objects.get(code=KOTA)

    assert (kota.lat, kota.lng) == (Decimal("-5.466670"), Decimal("122.633000"))


def test_a_map_starts_at_the_kelurahans_centroid_when_it_is_known() -> None:
    Wilayah.objects.filter(code=WAJO).update(lat=Decimal("-5.4731"), lng=Decimal("122.6069"))

    start = map_start([WAJO, KECAMATAN, KOTA])

    assert start is not None and (start.lat, start.lng, start.zoom) == (Decimal("-5.4731"), Decimal("122.6069"), 15)


def test_a_map_starts_at_the_kecamatan_when_only_its_centroid_is_known() -> None:
    Wilayah.objects.filter(code=KECAMATAN).update(lat=Decimal("-5.48"), lng=Decimal("122.60"))

    start = map_start([WAJO, KECAMATAN, KOTA])

    assert start is not None and (start.lat, start.lng, start.zoom) == (Decimal("-5.48"), Decimal("122.60"), 14)


def test_a_map_starts_at_the_city_when_the_kelurahan_has_no_known_centroid() -> None:
    start = map_start([WAJO, KECAMATAN, KOTA])

    assert start is not None and (start.lat, start.lng, start.zoom) == (Decimal("-5.466670"), Decimal("122.633000"), 12)


def test_there_is_no_map_start_when_no_place_has_a_centroid() -> None:
    Wilayah.objects.filter(code=KOTA).update(lat=None, lng=None)

    assert map_start([WAJO, KECAMATAN, KOTA]) is None


def test_the_report_form_names_the_chosen_kelurahans_centre_for_the_map(client) -> None:
    Wilayah.objects.filter(code=WAJO).update(lat=Decimal("-5.4731"), lng=Decimal("122.6069"))

    page = client.get(f"/lapor/?category=jalan_rusak&kecamatan={KECAMATAN}&kelurahan={WAJO}").content.decode()

    assert 'id="map-start" hidden data-lat="-5.473100" data-lng="122.606900" data-zoom="15"' in page


def test_the_report_forms_map_stays_hidden_until_a_script_draws_it(client) -> None:
    page = client.get("/lapor/").content.decode()

    assert re.search(r'<div class="map-wrap" id="point-map-wrap" hidden>', page)
    assert 'id="id_lat"' in page and 'id="id_lng"' in page


def test_the_policy_lets_pages_load_images_from_the_configured_tile_server_only(client, settings) -> None:
    settings.SIGAP_TILE_URL = "https://tiles.kota.example:8443/{z}/{x}/{y}.png"

    policy = client.get("/lapor/").headers["Content-Security-Policy"]

    assert "img-src 'self' data: blob: https://tiles.kota.example:8443;" in policy
    assert "tile.openstreetmap.org" not in policy
