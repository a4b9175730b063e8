from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from sigap.core.timefmt import tz_label, utc_offset_label


def city(request: HttpRequest) -> dict[str, object]:
    return {"CITY_NAME": settings.SIGAP_CITY_NAME, "DEMO_MODE": settings.SIGAP_DEMO_MODE,
            "TZ_LABEL": tz_label(), "TZ_OFFSET": utc_offset_label(timezone.now()),
            "MAP_TILE_URL": settings.SIGAP_TILE_URL, "MAP_ATTRIBUTION": settings.SIGAP_TILE_ATTRIBUTION,
            "MAP_ATTRIBUTION_URL": settings.SIGAP_TILE_ATTRIBUTION_URL}
