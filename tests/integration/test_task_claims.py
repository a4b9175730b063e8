"""A task claimed by a worker that was killed goes back to the queue after the claim timeout and runs; a fresh
claim is left to its worker; a task that has killed its workers five times is failed, not run again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from sigap.core.task_claims import MAX_CLAIMS, POISON_REASON, claim_timeout, reclaim_stale_claims
from sigap.notifications.models import Notification, NotificationStatus, RecurringSweep
from sigap.notifications.outbox import owe
from sigap.notifications.sweeps import ensure_scheduled, sweep_specs
from sigap.notifications.tasks import send_notification
from sigap.notifications.transports import RecordingTransport

pytestmark = pytest.mark.django_db
# In the past, so the worker (which reads the real clock for run_after) finds everything due.
NOW = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def owed_and_claimed(key: str, *, claimed_at: datetime, claims: int = 1) -> tuple[Notification, DBTaskResult]:
    """An owed message whose send task a worker claimed at `claimed_at` and never finished."""
    row = owe(channel="whatsapp", address="+6281200001111", template="report_received",
              context={"tracking_id": "BBU-CLAIM1"}, key=key, now=NOW - timedelta(hours=1), enqueue_send=False)
    assert row is not None
    result = send_notification.enqueue(row.pk)
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=claimed_at, worker_ids=[f"dead-worker-{n}" for n in range(claims)])
    return row, DBTaskResult.objects.get(pk=result.id)


def run_worker_in_process() -> None:
    """db_worker's own claim-and-run loop, inside the test's transaction (the command itself would close the
    connection between tasks, which a test transaction on PostgreSQL does not survive)."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-restart", excluded_queue_names=[])
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


def test_a_task_claimed_by_a_killed_worker_is_back_to_ready_after_the_timeout_and_runs() -> None:
    # given a send task claimed eleven minutes ago by a worker that died
    row, task = owed_and_claimed("claim:old", claimed_at=NOW - claim_timeout() - timedelta(minutes=1))

    # when the sweep runs and then a worker
    assert reclaim_stale_claims(NOW) == 1
    task.refresh_from_db()
    assert task.status == "READY"
    run_worker_in_process()

    # then the task ran to the end and the message went out once
    task.refresh_from_db()
    row.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert row.status == NotificationStatus.SENT
    assert [sent["key"] for sent in RecordingTransport.sent] == ["claim:old"]


def test_a_fresh_claim_is_left_to_its_worker() -> None:
    # given a task a live worker claimed a minute ago
    _row, task = owed_and_claimed("claim:fresh", claimed_at=NOW - timedelta(minutes=1))

    # when the sweep runs
    assert reclaim_stale_claims(NOW) == 0

    # then the claim is untouched
    task.refresh_from_db()
    assert task.status == "RUNNING"
    assert task.worker_ids == ["dead-worker-0"]


def test_a_task_claimed_five_times_without_finishing_is_failed_not_run_again() -> None:
    # given a task five workers claimed and none finished (it kills whoever runs it)
    row, task = owed_and_claimed("claim:poison", claimed_at=NOW - timedelta(hours=1), claims=MAX_CLAIMS)

    # when the sweep runs
    assert reclaim_stale_claims(NOW) == 0

    # then it is failed with the reason, and no worker picks it up again
    task.refresh_from_db()
    assert (task.status, task.exception_class_path) == ("FAILED", POISON_REASON)
    run_worker_in_process()
    row.refresh_from_db()
    assert row.status == NotificationStatus.PENDING


def test_the_claim_sweep_rides_the_recurring_chain_every_minute(run_on_commit) -> None:
    # when the sweeps are scheduled
    with run_on_commit(execute=True):
        planned = ensure_scheduled(now=NOW)

    # then the claim sweep is one of them, due a minute later
    assert planned["task_claims"] == NOW + timedelta(minutes=1)
    assert RecurringSweep.objects.filter(name="task_claims").exists()
    assert sweep_specs()["task_claims"].function == "sigap.core.task_claims.reclaim_stale_claims"
