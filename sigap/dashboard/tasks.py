from __future__ import annotations

from django_tasks import task

from sigap.dashboard.aggregates import catch_up


@task()
def refresh_aggregates() -> int:
    """Recurring: fold new events into the dashboard facts (idempotent; safe to run twice or concurrently)."""
    return catch_up(max_events=10**9)
