"""Enqueueing background work so it can neither run before its data is visible nor be lost after it commits."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import router, transaction

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def queue_shares_the_transaction(backend: str = "default") -> bool:
    """True when the task queue is a table of the database our data lives in (django-tasks-db, no router)."""
    from django_tasks_db.models import DBTaskResult

    configured = settings.TASKS.get(backend, {}).get("BACKEND", "")
    return configured == DATABASE_BACKEND and router.db_for_write(DBTaskResult) == "default"


def enqueue_with_data(enqueue: Callable[[], object]) -> None:
    """Enqueue inside the current transaction when the queue is a table of the same database, else on commit.

    Inside the transaction the task row commits with the rows it serves (the transactional-outbox guarantee: a
    worker cannot see it earlier, and a crash between commit and enqueue cannot lose it) and costs no second commit.
    Any other backend is outside the transaction, so it must wait for the commit.
    """
    if queue_shares_the_transaction() and transaction.get_connection().in_atomic_block:
        enqueue()
    else:
        transaction.on_commit(enqueue)
