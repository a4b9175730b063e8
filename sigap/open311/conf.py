"""Open311 settings, read from Django settings with defaults (each can come from the environment)."""

from __future__ import annotations

import os

from django.conf import settings

MAX_PAGE_SIZE = 1000
DEFAULT_WINDOW_DAYS = 90
SPEC_URL = "http://wiki.open311.org/GeoReport_v2"


def jurisdiction() -> str:
    return str(getattr(settings, "SIGAP_OPEN311_JURISDICTION",
                       os.environ.get("SIGAP_OPEN311_JURISDICTION", "baubau.go.id")))


def contact() -> str:
    return str(getattr(settings, "SIGAP_OPEN311_CONTACT", os.environ.get("SIGAP_OPEN311_CONTACT", "")))


def changeset() -> str:
    """When the service list or definitions last changed in a way clients should notice (ISO 8601)."""
    return str(getattr(settings, "SIGAP_OPEN311_CHANGESET", "2025-01-01T00:00:00+08:00"))
