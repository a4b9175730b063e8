from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Service(models.Model):
    """A public service and the public part of its standard (UU 25/2009 ps. 21)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        "organization.Unit", verbose_name=_("handling unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="services",
    )
    # Every kelurahan offers it (surat keterangan): no single unit.
    offered_by_every_kelurahan = models.BooleanField(_("offered by every kelurahan"), default=False)
    completion = models.CharField(_("completion time"), max_length=40, help_text="same_day or N_working_days")
    cost = models.CharField(_("cost"), max_length=120, blank=True)
    product = models.CharField(_("product"), max_length=200, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
