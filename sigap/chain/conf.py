"""Chain settings: the timing rows (admin-editable) and the base URL for links in messages."""

from __future__ import annotations

from django.conf import settings

from sigap.chain.models import ChainPolicy


def chain_policy() -> ChainPolicy:
    """The `default` row, or the built-in defaults (remind after 2, escalate after 4 working hours)."""
    return ChainPolicy.objects.filter(name="default").first() or ChainPolicy(name="default")


def base_url() -> str:
    return str(getattr(settings, "SIGAP_BASE_URL", "")).rstrip("/")
