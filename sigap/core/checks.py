"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

LOCAL_MEMORY_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@checks.register(checks.Tags.security, deploy=True)
def shared_cache_for_rate_limits(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Rate limits live in the cache; a per-process cache lets each web process count on its own."""
    if settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY_CACHE:
        return []
    return [checks.Warning(
        "The cache is local to each process, so intake rate limits are counted per process.",
        hint="Set REDIS_URL so every web process shares one cache.",
        id="sigap.W001",
    )]
