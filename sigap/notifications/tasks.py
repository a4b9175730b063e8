from __future__ import annotations

from django_tasks import task

from sigap.notifications.actions import deliver_notification, deliver_owed


@task()
def send_notification(notification_id: int) -> str:
    return deliver_notification(notification_id=notification_id)


@task()
def send_owed_notifications() -> int:
    """Send every owed row that is due (used after bulk writes instead of one task per row)."""
    return deliver_owed()
