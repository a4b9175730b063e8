"""Rate limits on intake, kept in Django's cache (local memory by default, Redis in production).

Indonesian mobile carriers put many citizens behind one address (carrier-grade NAT), so the per-address limit is
generous and the per-contact limit is the tight one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.core.errors import RateLimited

HOUR = 3600
DAY = 86400


def per_address_per_hour() -> int:
    return int(getattr(settings, "SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR", 60))


def per_contact_per_day() -> int:
    return int(getattr(settings, "SIGAP_RATE_INTAKE_PER_CONTACT_DAY", 10))


def client_address(request: HttpRequest) -> str:
    """The caller's address; behind a proxy, the address the proxy saw (only when told to trust it)."""
    if getattr(settings, "SIGAP_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def _key(kind: str, value: str) -> str:
    # Contacts are personal data: the cache sees a digest, never the number or address itself.
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"sigap:rl:{kind}:{digest}"


def _hit(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def hit_intake(*, address: str, contacts: Iterable[str]) -> None:
    """Count one intake from this address and these contacts; raise RateLimited when a limit is passed."""
    if _hit(_key("addr", address), HOUR) > per_address_per_hour():
        raise RateLimited(_("Too many reports from your network in the last hour. Please try again later."),
                          field=None, code="rate_limited")
    for contact in {c for c in contacts if c}:
        if _hit(_key("contact", contact), DAY) > per_contact_per_day():
            raise RateLimited(_("Too many reports from this contact today. Please try again tomorrow, or follow "
                                "your earlier report with its tracking ID."), field="reporter", code="rate_limited")
