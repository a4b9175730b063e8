from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sigap.domain.service_requests import STATUS_LABELS, RequestStatus

STATUS_CHOICES = [(status.value, label) for status, label in STATUS_LABELS.items()]


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter (walk-in)")
    ONLINE = "online", _("Online")


class ServiceRequest(models.Model):
    """A permohonan. Status, promise and escalation are caches of its events."""

    tracking_id = models.CharField(_("tracking ID"), max_length=16, unique=True)
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="requests")
    standard = models.ForeignKey("services.ServiceStandardVersion", verbose_name=_("standard version"),
                                 on_delete=models.PROTECT, related_name="requests")
    unit = models.ForeignKey("organization.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT,
                             related_name="service_requests")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.COUNTER)
    applicant_name = models.CharField(_("applicant name"), max_length=120)
    applicant_phone = models.CharField(_("applicant phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("applicant email"), max_length=200, blank=True)
    # Full NIK: shown only to the handling unit; lists and exports use mask_nik.
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    checklist = models.JSONField(_("requirements brought"), default=list, blank=True)
    missing_items = models.JSONField(_("missing requirements"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=RequestStatus.RECEIVED)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    # When the standard's clock started: receipt, or the moment the last missing item came in.
    clock_started_at = models.DateTimeField(_("clock started at"), null=True, blank=True)
    promised_at = models.DateTimeField(_("promised at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    escalated_to = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="escalated_service_requests")
    next_check_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("updated at"))
    event_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["service", "received_at"]),
            models.Index(fields=["next_check_at"], name="svcreq_next_check_idx",
                         condition=models.Q(next_check_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_id} {self.service.code}"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[RequestStatus(self.status)]


class ServiceRequestEvent(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["request", "seq"]
        constraints = [models.UniqueConstraint(fields=["request", "seq"], name="svcreq_event_seq_unique")]


class RequestDocument(models.Model):
    """A requirement uploaded with an online request (image or PDF)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="documents")
    requirement = models.CharField(max_length=300)
    file = models.FileField(upload_to="layanan/%Y/%m/")
    content_type = models.CharField(max_length=40)
    created_at = models.DateTimeField()


class ReportService(models.Model):
    """A ketidaksesuaian_standar complaint naming the service it is about (evidence for improving the standard)."""

    report = models.OneToOneField("reports.Report", on_delete=models.CASCADE, related_name="service_link")
    service = models.ForeignKey("services.Service", on_delete=models.PROTECT, related_name="complaints")
    linked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("complaint about a service")
        verbose_name_plural = _("complaints about services")
