from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

# The 14 components of a service standard (UU 25/2009 ps. 21, PermenPAN-RB 15/2014): field name, label,
# public. The six public ones face the citizen on the service page; the eight internal ones are for the unit.
STANDARD_COMPONENTS: tuple[tuple[str, Any, bool], ...] = (
    ("requirements", _("Requirements (persyaratan)"), True),
    ("procedure", _("System, mechanism and procedure"), True),
    ("completion", _("Completion time"), True),
    ("cost", _("Cost / tariff"), True),
    ("product", _("Service product"), True),
    ("complaint_handling", _("Handling of complaints, suggestions and feedback"), True),
    ("legal_basis", _("Legal basis (dasar hukum)"), False),
    ("facilities", _("Facilities and infrastructure"), False),
    ("staff_competence", _("Competence of the staff"), False),
    ("internal_supervision", _("Internal supervision"), False),
    ("staff_count", _("Number of staff"), False),
    ("service_guarantee", _("Service guarantee"), False),
    ("safety_guarantee", _("Security and safety guarantee"), False),
    ("performance_evaluation", _("Evaluation of staff performance"), False),
)


class Service(models.Model):
    """A public service and its standard (UU 25/2009 ps. 21). Edits create a new ServiceStandardVersion."""

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
    requirements = models.TextField(_("requirements"), blank=True, help_text=_("One item per line or ';'."))
    procedure = models.TextField(_("procedure"), blank=True)
    complaint_handling = models.TextField(_("complaint handling"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    facilities = models.TextField(_("facilities and infrastructure"), blank=True)
    staff_competence = models.TextField(_("staff competence"), blank=True)
    internal_supervision = models.TextField(_("internal supervision"), blank=True)
    staff_count = models.CharField(_("number of staff"), max_length=120, blank=True)
    service_guarantee = models.TextField(_("service guarantee"), blank=True)
    safety_guarantee = models.TextField(_("security and safety guarantee"), blank=True)
    performance_evaluation = models.TextField(_("performance evaluation"), blank=True)
    needs_nik = models.BooleanField(_("needs the applicant's NIK"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def requirement_items(self) -> list[str]:
        text = self.requirements.replace("\r", "")
        parts = [part.strip() for line in text.split("\n") for part in line.split(";")]
        return [part for part in parts if part]

    def standard_snapshot(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name, _label, _public in STANDARD_COMPONENTS}


class ServiceStandardVersion(models.Model):
    """One published version of a service's standard: a request keeps the version it was made under."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    standard = models.JSONField(_("standard"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.CharField(_("published by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("service standard version")
        verbose_name_plural = _("service standard versions")
        ordering = ["service", "-number"]
        constraints = [models.UniqueConstraint(fields=["service", "number"], name="service_version_unique")]

    def __str__(self) -> str:
        return f"{self.service.code} v{self.number}"

    def requirement_items(self) -> list[str]:
        text = str(self.standard.get("requirements", "")).replace("\r", "")
        parts = [part.strip() for line in text.split("\n") for part in line.split(";")]
        return [part for part in parts if part]
