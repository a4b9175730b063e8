"""Builders for service-request tests; everything goes through the real actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sigap.organization.models import Unit
from sigap.services import actions
from sigap.services.models import Service, ServiceRequest

WITA = ZoneInfo("Asia/Makassar")
NIK = "7472061508900001"


def wita(day: int, hour: int, minute: int = 0, month: int = 2) -> datetime:
    """A moment in February 2026 (Tue 10 Feb is an ordinary working day), WITA."""
    return datetime(2026, month, day, hour, minute, tzinfo=WITA)


def walk_in(officer: Any, *, service: str = "ktp_el", unit: str = "dukcapil", now: datetime,
            **overrides: Any) -> ServiceRequest:
    fields: dict[str, Any] = {
        "service": Service.objects.get(code=service), "unit": Unit.objects.get(code=unit),
        "applicant_name": "La Ode Budi", "applicant_phone": "+6281234500099", "applicant_email": "budi@example.com",
        "nik": NIK,
    }
    fields.update(overrides)
    return actions.create_request(draft=actions.RequestDraft(**fields), by=officer, now=now)


def run_ready_tasks(limit: int = 50) -> int:
    """Run due tasks in this test's transaction, as a worker would (the db_worker command closes connections,
    which PostgreSQL tests cannot survive inside their wrapping transaction)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test", excluded_queue_names=[])
    ran = 0
    while ran < limit:
        result = DBTaskResult.objects.ready().first()
        if result is None:
            return ran
        result.claim("test")
        worker.run_task(result)
        ran += 1
    return ran
