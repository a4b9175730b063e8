from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def city(request: HttpRequest) -> dict[str, object]:
    return {"CITY_NAME": settings.SIGAP_CITY_NAME, "DEMO_MODE": settings.SIGAP_DEMO_MODE}
