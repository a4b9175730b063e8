"""Chain settings: the timing rows (admin-editable)."""

from __future__ import annotations

from sigap.chain.models import ChainPolicy


def chain_policy() -> ChainPolicy:
    """The `default` row, or the built-in defaults (remind after 2, escalate after 4 working hours)."""
    return ChainPolicy.objects.filter(name="default").first() or ChainPolicy(name="default")
