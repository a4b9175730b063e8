"""Where a map of a place starts: the place's centroid where known, else the nearest enclosing place's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sigap.wilayah.models import Level, Wilayah

# About one place fills a phone-sized map at these zooms: a kelurahan at 15, a kecamatan at 14, a kota at 12.
ZOOM_OF_LEVEL = {Level.KELURAHAN: 15, Level.KECAMATAN: 14, Level.KOTA: 12}
DEFAULT_ZOOM = 13


@dataclass(frozen=True)
class MapStart:
    lat: Decimal
    lng: Decimal
    zoom: int


def map_start(codes: Sequence[str]) -> MapStart | None:
    """The first of `codes` (most specific first) whose centroid is known; None when none is (no map then)."""
    wanted = [code for code in codes if code]
    known = {w.code: w for w in Wilayah.objects.filter(code__in=wanted, lat__isnull=False, lng__isnull=False)}
    for code in wanted:
        place = known.get(code)
        if place is not None and place.lat is not None and place.lng is not None:
            return MapStart(lat=place.lat, lng=place.lng, zoom=ZOOM_OF_LEVEL.get(Level(place.level), DEFAULT_ZOOM))
    return None
