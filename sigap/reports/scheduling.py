"""Deadline checks are tasks that run at the deadline itself (`run_after`); a daily sweep catches lost ones."""

from __future__ import annotations

from datetime import datetime

from sigap.core.tasks import enqueue_with_data


def schedule_check(report_id: int, due_at: datetime) -> None:
    from sigap.reports.tasks import check_report_deadline

    check_report_deadline.using(run_after=due_at).enqueue(report_id, due_at.isoformat())


def after_intake(report_id: int, check_at: datetime | None, notification_ids: list[int]) -> None:
    """Enqueue the new report's one task with its data: it schedules the first deadline check and sends the receipts.

    One task row instead of one per receipt plus one for the check, written in the report's own transaction when
    the queue lives in the same database: intake is the hot path (docs/adr/0006-intake-path.md).
    """

    def enqueue() -> None:
        from sigap.reports.tasks import report_received

        report_received.enqueue(report_id, check_at.isoformat() if check_at else None, notification_ids)

    enqueue_with_data(enqueue)
