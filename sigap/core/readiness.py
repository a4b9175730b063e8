"""What /readyz reports: each dependency's state, and whether the process should get traffic at all.

Only the database decides readiness (503 without it: nothing works). The cache, the task worker and the outbox are
reported but do not fail readiness: without the cache intake still works (rate limits fail open, dashboards count
without it), and a late worker or a backlog is for an operator to see, not a reason for a load balancer to drop every
web process. Apps above core add their own dependency with `register` (the outbox lives in notifications).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)

State = dict[str, Any]
# A ready task due this long ago with no worker taking it means no worker is running (they poll every second or so).
WORKER_LATE_AFTER = timedelta(minutes=5)

_extra_checks: dict[str, Callable[[datetime], State]] = {}
_heartbeats: list[Callable[[], datetime | None]] = []


def register(name: str, check: Callable[[datetime], State]) -> None:
    _extra_checks[name] = check


def database(now: datetime) -> State:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok"}


def cache_state(now: datetime) -> State:
    key = f"sigap:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    found = cache.get(key)
    cache.delete(key)
    return {"status": "ok" if found == "1" else "unavailable"}


def oldest_due_task(now: datetime) -> datetime | None:
    """When the longest-waiting task that is due now became due (None: nothing is waiting). Two indexed reads."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    # A task to run at once carries the far-future sentinel as run_after: it has been due since it was enqueued.
    due = [ready.filter(run_after=get_date_max()).order_by("enqueued_at").values_list("enqueued_at", flat=True)
           .first(),
           ready.filter(run_after__lte=now).order_by("run_after").values_list("run_after", flat=True).first()]
    return min((when for when in due if when is not None), default=None)


def register_heartbeat(source: Callable[[], datetime | None]) -> None:
    """The last moment a worker is known to have run something (the recurring sweeps, owned above core)."""
    if source not in _heartbeats:
        _heartbeats.append(source)


def worker(now: datetime) -> State:
    oldest = oldest_due_task(now)
    beats = [when for when in (source() for source in _heartbeats) if when is not None]
    # Reported, not judged: an idle worker with nothing due is healthy however long ago it last ran something.
    heartbeat = {"heartbeat_seconds": max(0, int((now - max(beats)).total_seconds()))} if beats else {}
    if oldest is None or now - oldest < WORKER_LATE_AFTER:
        return {"status": "ok", **heartbeat}
    return {"status": "late", "oldest_due_seconds": int((now - oldest).total_seconds()), **heartbeat}


def report(now: datetime) -> tuple[bool, dict[str, Any]]:
    """(ready, body): body has a status and one entry per dependency, each with its own status."""
    checks: dict[str, Callable[[datetime], State]] = {"database": database, "cache": cache_state}
    checks.update({"worker": worker, **_extra_checks})
    states: dict[str, State] = {}
    for name, check in checks.items():
        if name not in ("database", "cache") and states["database"]["status"] != "ok":
            states[name] = {"status": "unknown"}  # what the database holds cannot be read while it is down
            continue
        try:
            states[name] = check(now)
        except Exception as error:  # a dependency that cannot be reached is reported, never a 500
            logger.warning("readyz: %s unavailable", name, exc_info=True)
            states[name] = {"status": "unavailable", "error": type(error).__name__}
    ready = states["database"]["status"] == "ok"
    degraded = any(state["status"] != "ok" for state in states.values())
    status = "unavailable" if not ready else ("degraded" if degraded else "ok")
    return ready, {"status": status, "checks": states}
