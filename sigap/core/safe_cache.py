"""The cache for things that are only faster with it: a cache that is down means a miss, logged, never a 500."""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)


def get(key: str, default: Any = None) -> Any:
    try:
        return cache.get(key, default)
    except Exception:  # connection refused, timeout: count without the cache
        logger.warning("cache unavailable: reading %s without it", key.split(":")[1] if ":" in key else key,
                       exc_info=True)
        return default


def set(key: str, value: Any, *, timeout: int | None) -> None:
    try:
        cache.set(key, value, timeout=timeout)
    except Exception:  # see get()
        logger.warning("cache unavailable: not keeping %s", key.split(":")[1] if ":" in key else key, exc_info=True)
