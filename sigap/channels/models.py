from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WhatsAppContact(models.Model):
    """One person on WhatsApp, keyed on the business-scoped user id when Meta sends one, else on wa_id."""

    user_id = models.CharField(_("business-scoped user id"), max_length=80, null=True, blank=True, unique=True)
    wa_id = models.CharField(_("WhatsApp id"), max_length=32, null=True, blank=True, unique=True)
    phone = models.CharField(_("phone (+62)"), max_length=20, blank=True, db_index=True)
    name = models.CharField(_("profile name"), max_length=120, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="whatsapp_contacts",
    )
    last_inbound_at = models.DateTimeField(_("last message from them"), null=True, blank=True)
    last_outbound_at = models.DateTimeField(_("last message to them"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("WhatsApp contact")
        verbose_name_plural = _("WhatsApp contacts")

    def __str__(self) -> str:
        return self.name or self.phone or self.user_id or self.wa_id or "?"

    @property
    def address(self) -> str:
        """What outbox rows use to reach this contact."""
        return self.user_id or self.wa_id or self.phone


class InboxKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    STATUS = "status", _("Status")


class InboxItem(models.Model):
    """One message or status item from a webhook POST, stored before the 200 so nothing is lost."""

    key = models.CharField(max_length=255, unique=True)  # "m:<wamid>" or "s:<wamid>:<status>"
    kind = models.CharField(max_length=10, choices=InboxKind.choices)
    external_id = models.CharField(max_length=255, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    # When the retention sweep emptied the payload (names, numbers, texts); the key stays so redeliveries dedupe.
    redacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("WhatsApp inbox item")
        verbose_name_plural = _("WhatsApp inbox items")
        ordering = ["id"]
        indexes = [
            # The retention sweep reads only what it has not emptied yet, oldest first.
            models.Index(fields=["received_at"], name="inbox_unredacted_idx", condition=models.Q(redacted_at=None)),
            # What waits to be processed, oldest first: the inbox sweep and /metrics' lag read only these few rows.
            models.Index(fields=["received_at"], name="inbox_unprocessed_idx",
                         condition=models.Q(processed_at=None)),
        ]

    def __str__(self) -> str:
        return self.key


class Conversation(models.Model):
    """Where a citizen is in the guided dialogue; one per contact."""

    contact = models.OneToOneField(WhatsAppContact, on_delete=models.CASCADE, related_name="conversation")
    state = models.CharField(max_length=40, default="idle")
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("WhatsApp conversation")
        verbose_name_plural = _("WhatsApp conversations")

    def __str__(self) -> str:
        return f"{self.contact}: {self.state}"


class MessageTemplate(models.Model):
    """The approved Meta template used for a notification outside the 24-hour window."""

    notification_template = models.CharField(
        _("notification template"), max_length=60, unique=True,
        help_text=_("Sigap's message name, e.g. report_resolved."),
    )
    name = models.CharField(_("approved template name at Meta"), max_length=120)
    language = models.CharField(_("language code"), max_length=10, default="id")
    parameters = models.CharField(
        _("body parameters"), max_length=300, blank=True,
        help_text=_("Comma-separated message fields filled into {{1}}, {{2}}…, e.g. tracking_id,reporter_url."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("WhatsApp template")
        verbose_name_plural = _("WhatsApp templates")

    def __str__(self) -> str:
        return f"{self.notification_template} → {self.name} ({self.language})"

    def parameter_keys(self) -> list[str]:
        return [key.strip() for key in self.parameters.split(",") if key.strip()]
