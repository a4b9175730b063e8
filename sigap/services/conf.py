"""Settings of the services app, read with defaults so the project settings need no edit."""

from __future__ import annotations

from django.conf import settings


def tracking_prefix() -> str:
    return str(getattr(settings, "SIGAP_SERVICE_TRACKING_PREFIX", "LYN"))


def max_upload_bytes() -> int:
    return int(getattr(settings, "SIGAP_SERVICE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
