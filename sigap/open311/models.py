from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Open311ApiKey(models.Model):
    """A key issued to one client app; only its SHA-256 digest is kept, like a password reset link."""

    name = models.CharField(_("client app"), max_length=120, unique=True)
    prefix = models.CharField(_("key begins with"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Open311Submission(models.Model):
    """What an Open311 client sent beyond the report itself: which app, the media link, the request token."""

    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE, related_name="open311")
    api_key = models.ForeignKey(Open311ApiKey, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="submissions")
    token = models.CharField(max_length=64, unique=True)
    # Only the link is stored: fetching a client-supplied URL from the server would be a request forgery risk.
    media_url = models.URLField(_("media URL"), max_length=1000, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Open311 submission")
        verbose_name_plural = _("Open311 submissions")

    def __str__(self) -> str:
        return self.token


class Open311Update(models.Model):
    """An update a client app posted to a request: which app, its own id for it, and the event it became.

    The client's id makes a retry of the same update return the first answer instead of a second event.
    """

    api_key = models.ForeignKey(Open311ApiKey, on_delete=models.CASCADE, related_name="updates")
    client_update_id = models.CharField(_("client's update id"), max_length=64)
    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="open311_updates")
    event = models.OneToOneField("reports.ReportEvent", on_delete=models.CASCADE, related_name="open311_update")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("Open311 update")
        verbose_name_plural = _("Open311 updates")
        constraints = [models.UniqueConstraint(fields=["api_key", "client_update_id"],
                                               name="open311_update_unique_client_id")]

    def __str__(self) -> str:
        return f"{self.api_key_id}:{self.client_update_id}"
