"""Links that leave the site (messages, feeds, the city's WhatsApp chat): the one place each is built."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args: object) -> str:
    """`SIGAP_BASE_URL` (no trailing slash, config/settings.py) followed by the path `reverse` gives the view."""
    return f"{settings.SIGAP_BASE_URL}{reverse(viewname, args=list(args))}"


def display_number() -> str:
    """The city's WhatsApp number as citizens should read it; empty when the city has not published one."""
    return str(getattr(settings, "SIGAP_WHATSAPP_DISPLAY_NUMBER", "") or "").strip()


def chat_link() -> str:
    """A `wa.me` link that opens a chat with the city's number, or empty when no number is published.

    wa.me wants the international number in digits only; a number written the local way (0811…) gets the +62.
    """
    digits = "".join(ch for ch in display_number() if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}" if digits else ""
