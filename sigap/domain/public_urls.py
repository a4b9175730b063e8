"""Whether a URL a stranger gave us points at the public internet (Open311's media_url is republished as a link).

Decided from the text alone, never by resolving the name: a lookup at request time would be slow, and its answer
can change by the time someone follows the link. So only what the text shows is refused: addresses that are not
globally routable (private, loopback, link-local such as the cloud metadata service 169.254.169.254, reserved,
multicast, in whatever spelling an IPv4 address can take) and names that only mean something inside a network.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

SCHEMES = frozenset({"http", "https"})
# Names that resolve inside a host or a private network, never on the public internet.
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "broadcasthost"})
LOCAL_SUFFIXES = (
    ".localhost",
    ".local",
    ".localdomain",
    ".internal",
    ".intranet",
    ".lan",
    ".home.arpa",
    ".corp",
    ".home",
    ".private",
)
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")
_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


def _literal_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host spells, or None for a name. Numeric spellings (2852039166, 0xA9FEA9FE, 0251.0376.0251.0376,
    169.254.43518) are what the C resolver accepts as IPv4: they are read the way it reads them."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.split(".")
    if not labels or not all(_NUMERIC_LABEL.match(label) for label in labels) or len(labels) > 4:
        return None
    try:
        parts = [
            int(label, 16)
            if label.startswith("0x")
            else int(label, 8)
            if len(label) > 1 and label[0] == "0"
            else int(label)
            for label in labels
        ]
    except ValueError:
        return None
    *head, last = parts
    if any(part > 255 for part in head) or last >= 256 ** (4 - len(head)):
        return ipaddress.IPv4Address(0)  # not a valid address either: refused as unroutable
    value = 0
    for part in head:
        value = value * 256 + part
    return ipaddress.IPv4Address(value * 256 ** (4 - len(head)) + last)


def is_public_http_url(url: str) -> bool:
    """True for an http(s) URL whose host is a public name or a globally routable address."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    if parts.scheme.lower() not in SCHEMES or not host:
        return False
    address = _literal_address(host)
    if address is not None:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return address.is_global and not address.is_multicast
    if host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES):
        return False
    # A public name has a dot and an alphabetic top-level label ("intranet" alone resolves only inside a network).
    return bool(_NAME.match(host))
