from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("National holiday")
    CUTI_BERSAMA = "cuti_bersama", _("Collective leave (cuti bersama)")
    LOCAL = "local", _("Local day off")


class Holiday(models.Model):
    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=16, choices=HolidayKind.choices, default=HolidayKind.NATIONAL)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class WorkingHours(models.Model):
    """Opening hours of one weekday, in the normal week or inside a special period (Ramadan)."""

    period = models.ForeignKey(
        "SpecialPeriod", verbose_name=_("special period"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="hours",
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[(0, _("Monday")), (1, _("Tuesday")), (2, _("Wednesday")), (3, _("Thursday")),
                 (4, _("Friday")), (5, _("Saturday")), (6, _("Sunday"))],
    )
    start = models.TimeField(_("opens"))
    end = models.TimeField(_("closes"))
    break_start = models.TimeField(_("break starts"), null=True, blank=True)
    break_end = models.TimeField(_("break ends"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["period_id", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["period", "weekday"], name="hours_unique_period_weekday"),
            models.UniqueConstraint(
                fields=["weekday"], condition=models.Q(period__isnull=True), name="hours_unique_normal_weekday"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class SpecialPeriod(models.Model):
    name = models.CharField(_("name"), max_length=120)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("special period (e.g. Ramadan)")
        verbose_name_plural = _("special periods")
        ordering = ["first_day"]

    def __str__(self) -> str:
        return f"{self.name} {self.first_day}–{self.last_day}"


class ServicePolicy(models.Model):
    """The city's deadlines (working days) and ladder grace periods: one row, edited in the admin."""

    name = models.CharField(_("name"), max_length=80, default="default", unique=True)
    verification_days = models.PositiveSmallIntegerField(_("verification (working days)"), default=3)
    first_response_days = models.PositiveSmallIntegerField(_("first follow-up (working days)"), default=5)
    information_days = models.PositiveSmallIntegerField(_("information request resolution (working days)"), default=5)
    aspiration_days = models.PositiveSmallIntegerField(_("suggestion resolution (working days)"), default=14)
    complaint_days = models.PositiveSmallIntegerField(_("complaint resolution (working days)"), default=14)
    supervisory_days = models.PositiveSmallIntegerField(_("misconduct complaint resolution (working days)"),
                                                        default=60)
    dispute_resolution_days = models.PositiveSmallIntegerField(_("after a dispute (working days)"), default=5)
    confirmation_days = models.PositiveSmallIntegerField(_("reporter confirmation window (working days)"),
                                                         default=10)
    pending_info_calendar_days = models.PositiveSmallIntegerField(_("waiting for information (calendar days)"),
                                                                  default=30)
    ladder_grace_days = models.CharField(
        _("grace per escalation level (working days, comma separated)"), max_length=60, default="2,2,3"
    )
    same_day_cutoff = models.TimeField(_("same-day service cut-off"), default="14:00")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service policy")
        verbose_name_plural = _("service policies")

    def __str__(self) -> str:
        return self.name
