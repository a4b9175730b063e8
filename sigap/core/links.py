"""Links that leave the site (messages, feeds): the one place the public base URL meets a path."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args: object) -> str:
    """`SIGAP_BASE_URL` (no trailing slash, config/settings.py) followed by the path `reverse` gives the view."""
    return f"{settings.SIGAP_BASE_URL}{reverse(viewname, args=list(args))}"
