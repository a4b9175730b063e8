"""Rate limits on intake, kept in Django's cache (local memory by default, Redis in production).

Indonesian mobile carriers put many citizens behind one address (carrier-grade NAT), so the per-address limit is
generous and the per-contact limit is the tight one. Behind the documented reverse proxy every request arrives from
the proxy's address; the citizen's address is read from `X-Forwarded-For`, but only as far as the hops named in
SIGAP_TRUSTED_PROXIES wrote it (anything left of them is what the client claimed, and a client can claim anything).

When the cache is down the limits let intake through and log it: a broken cache must not shut intake for the city
(the reports go to the database, which is what matters), and the size caps and photo checks still stand.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.core.errors import RateLimited

logger = logging.getLogger(__name__)

HOUR = 3600
DAY = 86400

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def per_address_per_hour() -> int:
    return int(getattr(settings, "SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR", 60))


def per_contact_per_day() -> int:
    return int(getattr(settings, "SIGAP_RATE_INTAKE_PER_CONTACT_DAY", 10))


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Addresses and CIDRs as networks (a bare address is a /32 or /128); raises ValueError naming a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ValueError(f"SIGAP_TRUSTED_PROXIES: {entry!r} is not an address or CIDR") from error
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    entries: Sequence[str] = getattr(settings, "SIGAP_TRUSTED_PROXIES", ()) or ()
    return parse_networks(tuple(e for e in entries if e.strip()))


def parse_hop(raw: str) -> Address | None:
    """One X-Forwarded-For hop as an address, or None; accepts `1.2.3.4:port` and `[v6]:port` (some add ports)."""
    text = raw.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:  # IPv4 with a port; an IPv6 address has at least two colons
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # the same client whether the proxy listens on IPv4 or dual-stack
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The caller's address: the rightmost hop not written by a trusted proxy (REMOTE_ADDR when none is trusted).

    Each proxy appends the address it received the request from, so reading from the right, every hop a trusted proxy
    wrote is skipped and the first one that is not trusted is the client. Hops further left were sent by the client
    itself and are ignored, so a spoofed header cannot pick another citizen's bucket.
    """
    remote_raw = str(request.META.get("REMOTE_ADDR", "") or "")
    remote = parse_hop(remote_raw)
    if remote is None:
        return remote_raw or "unknown"
    networks = trusted_proxies()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "") or "")
    client = remote
    for raw in reversed([hop for hop in forwarded.split(",") if hop.strip()]):
        hop = parse_hop(raw)
        if hop is None:  # not an address: nothing left of it can be believed; the last hop we trust is the answer
            break
        client = hop
        if not _trusted(hop, networks):
            break
    return str(client)


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


def _counted(key: str, window: int) -> int:
    """The count after this hit, or 0 when the cache cannot be reached (fail open, logged)."""
    try:
        return _hit(key, window)
    except Exception:  # any cache failure (connection refused, timeout): see the module docstring
        logger.warning("rate limit: cache unavailable, intake not limited", exc_info=True)
        return 0


def hit_intake(*, address: str, contacts: Iterable[str]) -> None:
    """Count one intake from this address and these contacts; raise RateLimited when a limit is passed."""
    if _counted(_key("addr", address), HOUR) > per_address_per_hour():
        raise RateLimited(_("Too many reports from your network in the last hour. Please try again later."),
                          field=None, code="rate_limited")
    for contact in {c for c in contacts if c}:
        if _counted(_key("contact", contact), DAY) > per_contact_per_day():
            raise RateLimited(_("Too many reports from this contact today. Please try again tomorrow, or follow "
                                "your earlier report with its tracking ID."), field="reporter", code="rate_limited")


def hit_support(*, address: str, contacts: Iterable[str]) -> None:
    """Count one support ("Saya juga mengalami ini") as intake is counted, in buckets of its own: a citizen who backs
    a neighbour's report keeps the day's intake for their own, and a support flood still stops at the same limits."""
    if _counted(_key("support-addr", address), HOUR) > per_address_per_hour():
        raise RateLimited(_("Too many supports from your network in the last hour. Please try again later."),
                          field=None, code="rate_limited")
    for contact in {c for c in contacts if c}:
        if _counted(_key("support-contact", contact), DAY) > per_contact_per_day():
            raise RateLimited(_("Too many supports from this contact today. Please try again tomorrow."),
                              field="reporter", code="rate_limited")
