"""Aggregates of the event log: one fact row per report, and the watermark of the last event folded in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFact(models.Model):
    """What the dashboards need about one report, derived from its events only (see `facts.build_fact`).

    Durations are in working minutes of the city's calendar. `finished_at` is when the unit finished (resolved,
    archived or referred); an unfinished report is late once `deadline_at` has passed, unless it waits for the
    reporter (pending_info).
    """

    report = models.OneToOneField("reports.Report", primary_key=True, on_delete=models.CASCADE,
                                  related_name="fact")
    unit = models.ForeignKey("organization.Unit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    category = models.ForeignKey("reports.Category", null=True, on_delete=models.SET_NULL, related_name="+")
    kelurahan = models.ForeignKey("wilayah.Wilayah", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    kecamatan = models.ForeignKey("wilayah.Wilayah", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    kind = models.CharField(max_length=24)
    rahasia = models.BooleanField(default=False)
    status = models.CharField(max_length=16)
    received_at = models.DateTimeField()
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    response_minutes = models.IntegerField(null=True, blank=True)
    resolution_minutes = models.IntegerField(null=True, blank=True)
    escalations = models.PositiveIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    event_count = models.PositiveIntegerField(default=0)
    last_event_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("report fact")
        verbose_name_plural = _("report facts")
        indexes = [
            models.Index(fields=["received_at"], name="fact_received_idx"),
            models.Index(fields=["unit", "received_at"], name="fact_unit_received_idx"),
            models.Index(fields=["deadline_at"], name="fact_open_deadline_idx",
                         condition=models.Q(finished_at__isnull=True)),
        ]


class AggregateState(models.Model):
    """A single row: the id of the last ReportEvent folded into the facts."""

    name = models.CharField(max_length=40, unique=True, default="facts")
    last_event_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
