from __future__ import annotations

from datetime import datetime

from django_tasks import task

from sigap.dashboard.aggregates import catch_up


@task()
def refresh_aggregates() -> int:
    """Fold new events into the dashboard facts and rollups (idempotent; safe to run twice or concurrently)."""
    return catch_up(max_events=10**9)


def catch_up_sweep(now: datetime) -> int:
    """The recurring sweep's step (every minute, see sigap.notifications.sweeps): the same catch-up."""
    return catch_up(max_events=10**9)
