from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.domain.lifecycle import Status


class Kind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Complaint")
    ASPIRASI = "aspirasi", _("Suggestion")
    PERMINTAAN_INFORMASI = "permintaan_informasi", _("Information request")


class Materi(models.TextChoices):
    KETIDAKSESUAIAN_STANDAR = "ketidaksesuaian_standar", _("Service did not meet its standard")
    PENGABAIAN_KEWAJIBAN = "pengabaian_kewajiban", _("An obligation was neglected")
    PELANGGARAN_LARANGAN = "pelanggaran_larangan", _("A prohibition was broken")


class Channel(models.TextChoices):
    WEB = "web", _("Web")
    WHATSAPP = "whatsapp", _("WhatsApp")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")
    COUNTER = "counter", _("Counter")
    CHAIN = "chain", _("RT/RW chain")


STATUS_CHOICES = [(status.value, status.value) for status in Status]


class Report(models.Model):
    """A citizen's report. Status, deadlines and escalation level are caches of the event log."""

    tracking_id = models.CharField(_("tracking ID"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    materi = models.CharField(_("complaint material"), max_length=32, choices=Materi.choices, blank=True)
    category = models.ForeignKey(
        "reports.Category", verbose_name=_("category"), on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=4000)
    event_date = models.DateField(_("date of the event"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)

    kelurahan = models.ForeignKey(
        "wilayah.Wilayah", verbose_name=_("kelurahan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    rw = models.ForeignKey(
        "wilayah.Wilayah", verbose_name=_("RW"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rt = models.ForeignKey(
        "wilayah.Wilayah", verbose_name=_("RT"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    anonim = models.BooleanField(_("anonymous"), default=False)
    rahasia = models.BooleanField(_("confidential"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reporter account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reports_filed",
    )
    reporter_name = models.CharField(_("reporter name"), max_length=120, blank=True)
    reporter_phone = models.CharField(_("reporter phone"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("reporter email"), max_length=200, blank=True)
    reporter_whatsapp_id = models.CharField(_("reporter WhatsApp id"), max_length=64, blank=True)
    # The secret of the reporter's link; it travels in every notification, so it is kept, like a reset link.
    reporter_token = models.CharField(max_length=64, unique=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("duplicate of"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    # Caches of the event log (rebuilt by `manage.py rebuild_report_state`).
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=Status.RECEIVED)
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    due_at = models.DateTimeField(_("current deadline"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution deadline"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    # When the system must next look at this report (stage deadline, then each ladder grace); None when nothing
    # is owed. Kept apart from due_at so the stage deadline stays the yardstick of lateness.
    next_check_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        "organization.Unit", verbose_name=_("escalated to"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="escalated_reports",
    )
    lead_unit = models.ForeignKey(
        "organization.Unit", verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_reports",
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    last_public_message = models.TextField(_("latest public answer"), blank=True)
    referral_recipient = models.CharField(_("referred to"), max_length=160, blank=True)
    closing_reason = models.CharField(_("archive reason"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), max_length=1000, blank=True)
    event_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["lead_unit", "status"]),
            models.Index(fields=["kelurahan", "category", "status"]),
            models.Index(fields=["next_check_at"], name="report_next_check_idx",
                         condition=models.Q(next_check_at__isnull=False)),
            # Declared here rather than with db_index on the field: PostgreSQL would add a LIKE-pattern twin
            # of each, which no query uses and every intake pays for (docs/adr/0006-intake-path.md).
            models.Index(fields=["reporter_phone"], name="report_reporter_phone_idx"),
            models.Index(fields=["reporter_email"], name="report_reporter_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_id} {self.title}"


class ReportEvent(models.Model):
    """One immutable row per thing that happened to a report (who, when, action, from, to, note, data)."""

    # Events are read by report in seq order or by id: the (report, seq) unique index serves both report lookups.
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events", db_index=False)
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "system", "reporter" or the actor's unit at the time: the record must survive staff changes.
    actor_label = models.CharField(max_length=160, blank=True)
    actor_unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=24)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["report", "seq"], name="event_unique_report_seq")]

    def __str__(self) -> str:
        # No action code: the admin shows this above each event, to people (issue 14); the row says what happened.
        return f"{self.report_id}#{self.seq}"


class SupportingUnit(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="supporting")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="supported_reports")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "unit"], name="supporting_unique")]


class PhotoKind(models.TextChoices):
    INTAKE = "intake", _("Report photo")
    INFO = "info", _("Added information")
    EVIDENCE = "evidence", _("Evidence of the fix")


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(ReportEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos")
    kind = models.CharField(max_length=10, choices=PhotoKind.choices, default=PhotoKind.INTAKE)
    image = models.ImageField(upload_to="photos/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]


class ReportFollower(models.Model):
    """A citizen who chose to follow an existing report instead of filing a duplicate.

    Nothing is sent to a follower until the owner of the address confirmed it (the link in the one confirmation
    e-mail, or the WhatsApp number itself asking): anyone can type anyone's phone or e-mail into a form."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(max_length=200, blank=True)
    whatsapp_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The secret of the confirmation link (confirming again is harmless, so it is kept).
    confirm_token = models.CharField(max_length=64, blank=True, db_index=True)
    # A supporter ("Saya juga mengalami ini") is an address on this same row, confirmed the same way: it adds one to
    # the report's public support count once confirmed, and is told only of the resolution unless it also follows
    # (docs/adr/0016-support.md). Who supports is never public; only the count is.
    follows_updates = models.BooleanField(default=True)
    supported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "phone", "email", "whatsapp_id"], name="follower_unique")
        ]
