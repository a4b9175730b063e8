from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """Routing as data: a category names the unit that handles it (FixMyStreet's category → contact)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160)
    unit = models.ForeignKey(
        "organization.Unit", verbose_name=_("handling unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="categories",
    )
    territorial_first = models.BooleanField(_("handled by the RT/RW chain first"), default=False)
    evidence_photo_required = models.BooleanField(_("closing needs an evidence photo"), default=False)
    berkadar_pengawasan = models.BooleanField(_("touches misconduct (berkadar pengawasan)"), default=False)
    outside_authority = models.BooleanField(_("outside the city's authority (referred)"), default=False)
    referral_recipient = models.CharField(_("referred to"), max_length=160, blank=True)
    example = models.TextField(_("example"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name
