from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.calendar.models import Holiday, ServicePolicy, SpecialPeriod, WorkingHours
from sigap.calendar.service import calendar_changed


class CalendarAdmin(admin.ModelAdmin):
    """Every edit of the calendar invalidates the cached working calendar of this process."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        calendar_changed()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        calendar_changed()


@admin.register(Holiday)
class HolidayAdmin(CalendarAdmin):
    list_display = ("date", "name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    date_hierarchy = "date"


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


@admin.register(WorkingHours)
class WorkingHoursAdmin(CalendarAdmin):
    list_display = ("weekday", "start", "end", "break_start", "break_end", "period")


@admin.register(SpecialPeriod)
class SpecialPeriodAdmin(CalendarAdmin):
    list_display = ("name", "first_day", "last_day")
    inlines = [WorkingHoursInline]


@admin.register(ServicePolicy)
class ServicePolicyAdmin(CalendarAdmin):
    list_display = ("name", "verification_days", "first_response_days", "complaint_days", "supervisory_days")
