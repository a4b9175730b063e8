"""Aggregates of the event log: one fact row per report, and the watermark of the last event folded in."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportFact(models.Model):
    """What the dashboards need about one report, derived from its events only (see `facts.build_fact`).

    Durations are in working minutes of the city's calendar. `finished_at` is when the unit finished (resolved,
    archived or referred). `deadline_at` is the deadline of the city's stage in force (docs/domain.md, "Late";
    ADR 12): an unfinished report is late once it has passed, unless it waits for the reporter (pending_info).
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
            # Covering: the edges of a period (days of partial months) are read by index-only scans.
            models.Index(fields=["received_at"], name="fact_received_cover_idx",
                         include=["unit", "kecamatan", "kelurahan", "category", "on_time", "escalations",
                                  "response_minutes", "resolution_minutes"]),
            models.Index(fields=["unit", "received_at"], name="fact_unit_received_idx"),
            models.Index(fields=["deadline_at"], name="fact_open_deadline_idx",
                         condition=models.Q(finished_at__isnull=True)),
            # The live figures (overdue now, backlog) read only unfinished facts, for the city and for a unit.
            models.Index(fields=["received_at"], name="fact_open_received_idx",
                         include=["unit", "kecamatan", "kelurahan", "deadline_at", "status"],
                         condition=models.Q(finished_at__isnull=True)),
            models.Index(fields=["unit", "received_at"], name="fact_open_unit_idx",
                         include=["kecamatan", "kelurahan", "deadline_at", "status"],
                         condition=models.Q(finished_at__isnull=True)),
        ]


class AggregateState(models.Model):
    """A single row: how far the event log has been folded into the facts and rollups (see `aggregates`).

    `last_event_id` is the safe watermark: every event up to it is folded and no transaction can still commit one
    below it. `frontier_id` is the highest event folded so far; events between the two were folded when they
    became visible, and a lower id committed late is found when the horizon (`horizon_id`, taken with the
    transactions then running, `horizon_txns`) has passed. `version` changes whenever facts or rollups change.
    """

    name = models.CharField(max_length=40, unique=True, default="facts")
    last_event_id = models.BigIntegerField(default=0)
    frontier_id = models.BigIntegerField(default=0)
    horizon_id = models.BigIntegerField(default=0)
    horizon_txns = models.JSONField(default=list, blank=True)
    version = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)


class DayRollup(models.Model):
    """Per local day of receipt and unit (0: not yet assigned): the stable counts of the facts."""

    day = models.DateField()
    unit_id = models.BigIntegerField()
    received = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late_done = models.IntegerField(default=0)
    escalations = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "unit_id"], name="rollup_day_unit_unique")]


class MonthRollup(models.Model):
    """Per month of receipt, unit, kecamatan, kelurahan and category (0: none): the stable counts."""

    month = models.DateField()
    unit_id = models.BigIntegerField()
    kecamatan_id = models.BigIntegerField()
    kelurahan_id = models.BigIntegerField()
    category_id = models.BigIntegerField()
    received = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late_done = models.IntegerField(default=0)
    escalations = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["month", "unit_id", "kecamatan_id", "kelurahan_id", "category_id"],
            name="rollup_month_place_unique")]


class MonthMinutes(models.Model):
    """Per month of receipt and unit: every response and resolution time (working minutes) as a sorted array of
    32-bit integers, so that exact percentiles over a period never sort the facts again."""

    month = models.DateField()
    unit_id = models.BigIntegerField()
    response = models.BinaryField(default=b"")
    resolution = models.BinaryField(default=b"")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "unit_id"], name="rollup_minutes_unique")]
