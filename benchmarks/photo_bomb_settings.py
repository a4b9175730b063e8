"""Settings for benchmarks/photo_bomb.py: production's, with plain static files (no collectstatic for a throw-away
database; static storage does not touch photos)."""

from __future__ import annotations

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
