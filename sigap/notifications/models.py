from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    WHATSAPP = "whatsapp", _("WhatsApp")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    READ = "read", _("Read")
    FAILED = "failed", _("Failed")
    # The provider may or may not have it (a worker died mid-send, the provider timed out, no status came back):
    # never resent by itself; a person checks and sends it again if it did not arrive.
    UNKNOWN = "unknown", _("Unconfirmed")


class Notification(models.Model):
    """One message owed to one person on one channel: the outbox row, written with the event that causes it."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=10, choices=NotificationChannel.choices)
    template = models.CharField(max_length=60)
    context = models.JSONField(default=dict, blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    recipient_address = models.CharField(max_length=200)  # email address, +62 phone or WhatsApp user id
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    # When the current attempt was handed to the provider: committed before the call, so a restart knows the row
    # may already be with the provider and waits for its confirmation instead of sending it again.
    attempted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        # Declared here rather than with db_index on the fields: PostgreSQL would add a LIKE-pattern twin of each,
        # which no query uses and every owed message pays for (docs/adr/0006-intake-path.md).
        indexes = [
            models.Index(fields=["status"], name="notification_status_idx"),
            models.Index(fields=["provider_message_id"], name="notification_provider_id_idx"),
        ]

    def __str__(self) -> str:
        # No address: the admin shows this as the page's title, also for an anonim reporter's message.
        return f"{self.channel}:{self.template} #{self.pk} ({self.status})"


class RecurringSweep(models.Model):
    """The one next run of a recurring sweep. The task carries the run time it was scheduled for and does
    nothing unless that is still the row's `next_run_at`, so duplicate or stray sweep tasks are harmless."""

    name = models.CharField(max_length=60, primary_key=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("recurring sweep")
        verbose_name_plural = _("recurring sweeps")

    def __str__(self) -> str:
        return f"{self.name} @ {self.next_run_at.isoformat()}"
