from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainPolicy(models.Model):
    """How long a recipient has before a reminder, and before their own head is told (working minutes)."""

    name = models.CharField(_("name"), max_length=40, unique=True, default="default")
    remind_after_minutes = models.PositiveIntegerField(_("remind after (working minutes)"), default=120)
    escalate_after_minutes = models.PositiveIntegerField(_("tell their head after (working minutes)"), default=240)

    class Meta:
        verbose_name = _("chain policy")
        verbose_name_plural = _("chain policies")

    def __str__(self) -> str:
        return self.name


class Announcement(models.Model):
    """A pengumuman sent down the chain from one unit; a drill (uji arus) is one relayed level by level."""

    origin_unit = models.ForeignKey("organization.Unit", verbose_name=_("from unit"), on_delete=models.PROTECT,
                                    related_name="announcements")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sender"), null=True,
                               on_delete=models.SET_NULL, related_name="announcements")
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("message"), max_length=1000)
    is_drill = models.BooleanField(_("communication drill"), default=False)
    include_residents = models.BooleanField(_("also registered residents"), default=False)
    created_at = models.DateTimeField(_("sent at"), db_index=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """One announcement to one person, on the link parent unit → unit; acknowledged once."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="chain_deliveries")
    unit = models.ForeignKey("organization.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="chain_deliveries")
    parent_unit = models.ForeignKey("organization.Unit", verbose_name=_("relayed by"), on_delete=models.PROTECT,
                                    related_name="chain_relays")
    is_resident = models.BooleanField(default=False)
    code = models.CharField(_("acknowledgement code"), max_length=12, unique=True)
    sent_at = models.DateTimeField(_("sent at"), db_index=True)
    remind_at = models.DateTimeField(_("reminder due"))
    escalate_at = models.DateTimeField(_("escalation due"), db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_via = models.CharField(_("acknowledged via"), max_length=20, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "recipient", "unit"], name="chain_delivery_once")
        ]
        indexes = [models.Index(fields=["acknowledged_at", "escalate_at"])]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.recipient} ({self.unit})"


class HeadAppointment(models.Model):
    """The record of appointing a head (from the admin or a CSV import)."""

    unit = models.ForeignKey("organization.Unit", verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="head_appointments")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="head_appointments")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    source = models.CharField(_("source"), max_length=20, default="admin")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("head appointment")
        verbose_name_plural = _("head appointments")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.person} → {self.unit}"
