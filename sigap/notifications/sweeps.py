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

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from sigap.notifications.conf import deadline_sweep_hour, notification_sweep_minutes, task_claim_sweep_minutes
from sigap.notifications.models import RecurringSweep

WITA = ZoneInfo("Asia/Makassar")
RUN_SWEEP_PATH = "sigap.notifications.sweeps.run_sweep"


def next_daily(now: datetime, hour: int) -> datetime:
    local = now.astimezone(WITA)
    candidate = datetime.combine(local.date(), time(hour=hour), tzinfo=WITA)
    if candidate <= local:
        candidate += timedelta(days=1)
    return candidate.astimezone(ZoneInfo("UTC"))


@dataclass(frozen=True)
class SweepSpec:
    function: str  # dotted path of a callable taking `now` and returning a count
    next_after: Callable[[datetime], datetime]


def sweep_specs() -> dict[str, SweepSpec]:
    return {
        "deadlines": SweepSpec("sigap.reports.tasks.sweep_due_reports",
                               lambda now: next_daily(now, deadline_sweep_hour())),
        "notifications": SweepSpec("sigap.notifications.actions.requeue_owed_notifications",
                                   lambda now: now + timedelta(minutes=notification_sweep_minutes())),
        # Communication chain: reminders/escalations whose scheduled task was lost (owned by sigap.chain).
        "chain": SweepSpec("sigap.chain.actions.announce.sweep_silent_deliveries",
                           lambda now: now + timedelta(minutes=15)),
        # WhatsApp (owned by sigap.channels): idle conversations closed; inbox items whose task was lost.
        "whatsapp_conversations": SweepSpec(
            "sigap.channels.sweeps.expire_conversations",
            lambda now: import_string("sigap.channels.sweeps.next_conversation_sweep")(now)),
        # Public services (owned by sigap.services): overdue requests whose check task was lost.
        "service_deadlines": SweepSpec("sigap.services.tasks.sweep_service_deadlines_at",
                                       lambda now: now + timedelta(hours=1)),
        "whatsapp_inbox": SweepSpec(
            "sigap.channels.sweeps.requeue_inbox",
            lambda now: import_string("sigap.channels.sweeps.next_inbox_sweep")(now)),
        # Intake (owned by sigap.reports): Idempotency-Keys and web form tokens past their lifetime are forgotten.
        "intake_keys": SweepSpec("sigap.reports.idempotency.sweep_expired_keys",
                                 lambda now: now + timedelta(hours=1)),
        # WhatsApp retention (owned by sigap.channels): payloads and silent citizens' contacts past the setting.
        "whatsapp_retention": SweepSpec(
            "sigap.channels.sweeps.forget_old_inbox",
            lambda now: import_string("sigap.channels.sweeps.next_retention_sweep")(now)),
        # Dashboard (owned by sigap.dashboard): fold new events into the facts and rollups, so a page view
        # only ever folds the last minute's events.
        "dashboard_aggregates": SweepSpec("sigap.dashboard.tasks.catch_up_sweep",
                                          lambda now: now + timedelta(minutes=1)),
        # Tasks claimed by a worker that was killed go back to the queue (owned by sigap.core).
        "task_claims": SweepSpec("sigap.core.task_claims.reclaim_stale_claims",
                                 lambda now: now + timedelta(minutes=task_claim_sweep_minutes())),
    }


def _enqueue(name: str, run_at: datetime) -> None:
    run_sweep.using(run_after=run_at).enqueue(name, run_at.isoformat())


def _queued_run_times(name: str) -> set[str]:
    """Run times already waiting in the database queue for this sweep (empty for other backends)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is a dependency
        return set()
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
    result = import_string(spec.function)(now)
    RecurringSweep.objects.filter(name=name).update(last_result=str(result)[:200])
    return f"ran: {result}"


@task()
def run_sweep(name: str, scheduled_for_iso: str) -> str:
    return run_sweep_now(name, datetime.fromisoformat(scheduled_for_iso))
