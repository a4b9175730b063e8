from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeKey(models.Model):
    """One intake request's key: a retry with the same key gets the first report back, never a second one.

    Written in the same transaction as the report (docs/adr/0008-idempotent-intake.md): the unique constraint on
    (scope, key) is what stops two concurrent requests with one key from both storing. Rows expire (hourly sweep).
    """

    # The channel and, where the channel knows it, the client: "api", "open311:<api key id>", "web".
    scope = models.CharField(_("scope"), max_length=40)
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of the request's meaning (sigap.reports.idempotency.fingerprint): same key, other body is refused.
    body_hash = models.CharField(_("body hash"), max_length=64)
    # No index of its own: keys are found by (scope, key) and swept by age in a table holding one day of intakes;
    # every index here is one more write on the hot path (docs/adr/0006-intake-path.md).
    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE, related_name="+", db_index=False)
    status_code = models.PositiveSmallIntegerField(_("status code"))
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("intake key")
        verbose_name_plural = _("intake keys")
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="intake_key_once")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
