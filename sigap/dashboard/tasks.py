from __future__ import annotations

from datetime import datetime

from sigap.dashboard.aggregates import catch_up


def catch_up_sweep(now: datetime) -> int:
    """The recurring sweep's step (every minute, see sigap.notifications.sweeps): fold new events into the facts
    and rollups (idempotent; safe to run twice or concurrently)."""
    return catch_up(max_events=10**9)
