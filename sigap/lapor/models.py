"""What Sigap keeps about LAPOR!: which report came from which LAPOR! complaint, and what each category is called there.

Kept here rather than on the report so that sigap.reports stays unaware of any national system (docs/lapor.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.domain.lapor import LaporStatus

LAPOR_STATUS_CHOICES = [(status.value, status.value) for status in LaporStatus]


class LaporLink(models.Model):
    """A report that came from SP4N-LAPOR!, with the tracking ID it has there (unique: a complaint is imported once)."""

    report = models.OneToOneField(
        "reports.Report", verbose_name=_("report"), on_delete=models.CASCADE, related_name="lapor_link"
    )
    lapor_id = models.CharField(_("LAPOR! tracking ID"), max_length=40, unique=True)
    # As the file said when it was imported: the status LAPOR! had then, and its date of the complaint as written.
    status_at_import = models.CharField(_("LAPOR! status at import"), max_length=40, blank=True,
                                        choices=LAPOR_STATUS_CHOICES)
    lapor_date = models.CharField(_("LAPOR! date"), max_length=40, blank=True)
    source_file = models.CharField(_("imported from"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("LAPOR! link")
        verbose_name_plural = _("LAPOR! links")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.lapor_id} → {self.report_id}"


class LaporCategory(models.Model):
    """The name LAPOR! gives a Sigap category; edited in the admin by the Admin Penghubung."""

    category = models.OneToOneField(
        "reports.Category", verbose_name=_("Sigap category"), on_delete=models.CASCADE, related_name="lapor_category"
    )
    lapor_name = models.CharField(_("LAPOR! category"), max_length=160)

    class Meta:
        verbose_name = _("LAPOR! category")
        verbose_name_plural = _("LAPOR! categories")
        ordering = ["lapor_name", "category__order"]

    def __str__(self) -> str:
        return f"{self.category} → {self.lapor_name}"
