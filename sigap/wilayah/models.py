from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    KOTA = "kota", _("City/regency")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


class Wilayah(models.Model):
    """One node of Kota > Kecamatan > Kelurahan > RW > RT, keyed by its Kemendagri (or city-kept) code."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    bps_code = models.CharField(_("BPS code"), max_length=16, blank=True)
    # Where a map of this place starts (the report form's map). Empty where nobody has a trustworthy figure:
    # the Kemendagri tables carry none, and a made-up centre would send citizens' points astray.
    lat = models.DecimalField(_("centroid latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("centroid longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def display_name(self) -> str:
        if self.level in (Level.RW, Level.RT):
            return self.name
        prefix = {Level.KECAMATAN: "Kecamatan ", Level.KELURAHAN: "Kelurahan "}.get(Level(self.level), "")
        return f"{prefix}{self.name}"
