"""Sign-in throttle: failed attempts counted per username and per client address in Django's cache.

A username is locked after a few failures (guessing one officer's password); an address after many more (one office
or carrier-grade NAT puts many officers behind one address, and one attacker may try many usernames). While locked,
even the right password is refused. When the cache is down the throttle lets sign-ins through and logs it: a broken
cache must not lock the whole city out, and the password validators still stand.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    per_username: int
    per_address: int
    window_seconds: int
    lockout_seconds: int


def limits() -> Limits:
    return Limits(
        per_username=int(getattr(settings, "SIGAP_LOGIN_FAILURES_PER_USERNAME", 5)),
        per_address=int(getattr(settings, "SIGAP_LOGIN_FAILURES_PER_ADDRESS", 30)),
        window_seconds=60 * int(getattr(settings, "SIGAP_LOGIN_WINDOW_MINUTES", 15)),
        lockout_seconds=60 * int(getattr(settings, "SIGAP_LOGIN_LOCKOUT_MINUTES", 15)),
    )


def _key(kind: str, subject: str, value: str) -> str:
    # Usernames and addresses are personal data: the cache sees a digest only.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"sigap:login:{kind}:{subject}:{digest}"


def _subjects(username: str, address: str) -> list[tuple[str, str, int]]:
    allowed = limits()
    return [("user", username, allowed.per_username), ("addr", address, allowed.per_address)]


def locked_minutes(*, username: str, address: str, now: datetime) -> int:
    """Minutes until the username or the address may try again; 0 when neither is locked (or the cache is down)."""
    try:
        until = [cache.get(_key("lock", subject, value)) for subject, value, _limit in _subjects(username, address)]
    except Exception:  # the cache is down: fail open (see the module docstring)
        logger.warning("login throttle: cache unavailable, sign-in not throttled", exc_info=True)
        return 0
    remaining = max((float(u) - now.timestamp() for u in until if u is not None), default=0.0)
    return math.ceil(remaining / 60) if remaining > 0 else 0


def record_failure(*, username: str, address: str, now: datetime) -> None:
    """Count one failed sign-in; lock the username or the address when its count reaches its limit."""
    allowed = limits()
    try:
        for subject, value, limit in _subjects(username, address):
            key = _key("fail", subject, value)
            if cache.add(key, 1, timeout=allowed.window_seconds):
                count = 1
            else:
                try:
                    count = int(cache.incr(key))
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, timeout=allowed.window_seconds)
                    count = 1
            if count >= limit:
                cache.set(_key("lock", subject, value), now.timestamp() + allowed.lockout_seconds,
                          timeout=allowed.lockout_seconds)
                cache.delete(key)
    except Exception:
        logger.warning("login throttle: cache unavailable, failure not counted", exc_info=True)


def record_success(*, username: str) -> None:
    """A right password clears the username's failures (the address keeps its count: it may be trying many)."""
    try:
        cache.delete(_key("fail", "user", username))
    except Exception:
        logger.warning("login throttle: cache unavailable", exc_info=True)
