"""Recurring sweeps without cron: each run is a task that schedules its successor (`run_after`).

The `RecurringSweep` row holds the single next run time; a task whose time is no longer the row's does nothing,
and `ensure_scheduled` (called by `manage.py schedule_sweeps` at start-up) repairs a lost chain idempotently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sigap.core.timefmt import local_tz
from sigap.notifications.models import RecurringSweep

RUN_SWEEP_PATH = "sigap.notifications.sweeps.run_sweep"


def next_daily(now: datetime, hour: int) -> datetime:
    local = now.astimezone(local_tz())
    candidate = datetime.combine(local.date(), time(hour=hour), tzinfo=local_tz())
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate.astimezone(ZoneInfo("UTC"))


@dataclass(frozen=True)
class SweepSpec:
    run: Callable[[datetime], object]  # takes `now`, returns a count (kept as the row's last result)
    next_after: Callable[[datetime], datetime]

    @property
    def function(self) -> str:
        """The dotted path of `run`, as shown and tested: where the sweep's code lives."""
        return f"{self.run.__module__}.{self.run.__qualname__}"


# Each app registers its own recurring sweeps in its AppConfig.ready() (registration only, no logic), so this
# app, below them all, never names them. INSTALLED_APPS order is the order they are listed and scheduled in.
_registry: dict[str, SweepSpec] = {}


def register_sweep(name: str, run: Callable[[datetime], object], *,
                   next_after: Callable[[datetime], datetime]) -> None:
    """Add a recurring sweep under `name` (the `RecurringSweep` row's name); the same call twice is harmless."""
    known = _registry.get(name)
    if known is not None and known.run is not run:
        raise ImproperlyConfigured(f"Two recurring sweeps are registered as {name!r}: {known.function} and "
                                   f"{run.__module__}.{run.__qualname__}.")
    _registry[name] = SweepSpec(run, next_after)


def sweep_specs() -> dict[str, SweepSpec]:
    return dict(_registry)


def _enqueue(name: str, run_at: datetime) -> None:
    run_sweep.using(run_after=run_at).enqueue(name, run_at.isoformat())


def _queued_run_times(name: str) -> set[str]:
    """Run times already waiting in the database queue for this sweep (empty for other backends)."""
    from django_tasks_db.models import DBTaskResult

    rows = DBTaskResult.objects.filter(task_path=RUN_SWEEP_PATH, status="READY").values_list("args_kwargs", flat=True)
    return {str(row["args"][1]) for row in rows if row.get("args") and row["args"][0] == name}


def ensure_scheduled(now: datetime | None = None) -> dict[str, datetime]:
    """Make sure every sweep has exactly one future run queued; safe to call at every start."""
    now = now or timezone.now()
    planned: dict[str, datetime] = {}
    for name, spec in sweep_specs().items():
        with transaction.atomic():
            row = RecurringSweep.objects.select_for_update().filter(name=name).first()
            if row is None:
                row = RecurringSweep.objects.create(name=name, next_run_at=spec.next_after(now))
            if row.next_run_at.isoformat() not in _queued_run_times(name):
                transaction.on_commit(partial(_enqueue, name, row.next_run_at))
            planned[name] = row.next_run_at
    return planned


def run_sweep_now(name: str, scheduled_for: datetime, now: datetime | None = None) -> str:
    now = now or timezone.now()
    spec = sweep_specs()[name]
    with transaction.atomic():
        row = RecurringSweep.objects.select_for_update().filter(name=name).first()
        if row is None or row.next_run_at != scheduled_for:
            return "superseded"
        # Move the schedule on first: a sweep that crashes must not stop the chain.
        row.next_run_at = max(spec.next_after(now), now + timedelta(seconds=1))
        row.last_run_at = now
        row.save(update_fields=["next_run_at", "last_run_at"])
        next_run = row.next_run_at
        transaction.on_commit(lambda: _enqueue(name, next_run))
    result = spec.run(now)
    RecurringSweep.objects.filter(name=name).update(last_result=str(result)[:200])
    return f"ran: {result}"


@task()
def run_sweep(name: str, scheduled_for_iso: str) -> str:
    return run_sweep_now(name, datetime.fromisoformat(scheduled_for_iso))
