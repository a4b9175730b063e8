from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PIMPINAN = "pimpinan", _("City leadership")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    OPD = "opd", _("Agency (OPD)")
    BUMD = "bumd", _("City-owned enterprise")
    BIDANG = "bidang", _("Division")
    COMPLAINT_DESK = "complaint_desk", _("Complaint desk")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    RW = "rw", _("RW")
    RT = "rt", _("RT")


# The one list of territorial kinds (docs/domain.md, "Organisation"): units that are a piece of the city's map, each
# with a head appointed through the chain. Everything else that asks "is this territorial?" derives from it.
TERRITORIAL_KINDS = frozenset({UnitKind.KECAMATAN, UnitKind.KELURAHAN, UnitKind.RW, UnitKind.RT})
# Where a report may be passed up the chain (RT → RW → kelurahan); a kelurahan hands up to the complaint desk,
# not to the camat, so the kecamatan is territorial but not a rung of this chain.
PASS_UP_KINDS = TERRITORIAL_KINDS - {UnitKind.KECAMATAN}


class Unit(models.Model):
    """An organisational or territorial unit; `parent` is where a late item escalates to."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    wilayah = models.ForeignKey(
        "wilayah.Wilayah", verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="units",
    )
    # RT and RW are run by one volunteer: the head is the officer, so the ladder skips a rung.
    head_is_officer = models.BooleanField(_("head is the only officer"), default=False)
    # Materialised path ("/walikota/sekda/pupr/") so a subtree is one indexed prefix filter.
    path = models.CharField(max_length=600, db_index=True, editable=False, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_territorial(self) -> bool:
        return self.kind in TERRITORIAL_KINDS


class Role(models.TextChoices):
    WARGA = "warga", _("Resident")
    KETUA_RT = "ketua_rt", _("Ketua RT")
    KETUA_RW = "ketua_rw", _("Ketua RW")
    KELURAHAN_STAFF = "kelurahan_staff", _("Kelurahan staff")
    KECAMATAN_STAFF = "kecamatan_staff", _("Kecamatan staff")
    OPD_OFFICER = "opd_officer", _("Agency officer")
    OPD_HEAD = "opd_head", _("Agency head")
    COMPLAINT_ADMIN = "complaint_admin", _("Complaint admin")
    SEKDA = "sekda", _("Sekda")
    WALIKOTA = "walikota", _("Wali Kota")
    SYSTEM_ADMIN = "system_admin", _("System admin")


HEAD_ROLES = frozenset({Role.KETUA_RT, Role.KETUA_RW, Role.OPD_HEAD, Role.SEKDA, Role.WALIKOTA})
# Roles that see every report in the city (still subject to the anonim rule for identity).
CITY_WIDE_ROLES = frozenset({Role.COMPLAINT_ADMIN, Role.SEKDA, Role.WALIKOTA, Role.SYSTEM_ADMIN})


class Position(models.Model):
    """A person holding a role in a unit. Permissions follow positions, never a global flag alone."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_head = models.BooleanField(_("head of the unit"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    title = models.CharField(_("title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "role"], name="position_unique_person_unit_role")
        ]
        indexes = [models.Index(fields=["unit", "is_head", "is_active"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} {self.unit}"


class Profile(models.Model):
    """Contact details of a person; WhatsApp identity is keyed on the business-scoped user id when known."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="profile"
    )
    phone = models.CharField(_("phone (+62)"), max_length=20, blank=True, db_index=True)
    whatsapp_user_id = models.CharField(_("WhatsApp user id"), max_length=64, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=5, default="id")
    home_wilayah = models.ForeignKey(
        "wilayah.Wilayah", verbose_name=_("home RT"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # When the person was first sent to their role's guide (/panduan/) after signing in; it is shown once.
    guide_shown_at = models.DateTimeField(_("guide shown at"), null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.person}"


class ApiToken(models.Model):
    """Bearer token for the staff API; only its hash is stored."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.person} {self.name}"
