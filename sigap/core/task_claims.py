"""Claims left behind by a killed `db_worker`, given back to the queue.

django-tasks-db marks a task RUNNING when a worker claims it (`started_at`, the worker's id appended to
`worker_ids`) and has no lease: a worker killed with -9, by the OOM killer or a lost host never finishes the row,
and nothing else would ever run it. Every Sigap task is idempotent (docs/architecture.md, rule 5), so a claim older
than the timeout goes back to READY and runs again; a task that has been claimed `MAX_CLAIMS` times without ever
finishing is the likely killer of its workers (a poison task) and is failed instead, for a human to look at.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

MAX_CLAIMS = 5
BATCH = 1000
POISON_REASON = "sigap.core.task_claims.AbandonedTask"


def claim_timeout() -> timedelta:
    """Longer than any task of ours runs; a claim older than this belongs to a dead worker."""
    return timedelta(seconds=int(getattr(settings, "SIGAP_TASK_CLAIM_TIMEOUT_SECONDS", 600)))


def reclaim_stale_claims(now: datetime) -> int:
    """Put abandoned RUNNING tasks back to READY (or fail the poison ones); returns how many were requeued."""
    cutoff = now - claim_timeout()
    with transaction.atomic():
        stale = list(DBTaskResult.objects.select_for_update(skip_locked=True)
                     .filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
                     .order_by("started_at").only("id", "worker_ids")[:BATCH])
        poison = [row.id for row in stale if len(row.worker_ids or []) >= MAX_CLAIMS]
        retry = [row.id for row in stale if row.id not in poison]
        if poison:
            DBTaskResult.objects.filter(id__in=poison).update(
                status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=POISON_REASON,
                traceback=f"Claimed {MAX_CLAIMS} times by workers that never finished it (killed or lost); "
                          "failed instead of being run again.", return_value=None)
        if retry:
            # run_after stays as it was (already past), so the task is due at once and keeps its place by priority.
            DBTaskResult.objects.filter(id__in=retry).update(status=TaskResultStatus.READY)
    return len(retry)
