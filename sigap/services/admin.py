from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.domain.nik import mask_nik
from sigap.services.actions import publish_standard
from sigap.services.models import STANDARD_COMPONENTS, ReportService, Service, ServiceRequest, ServiceStandardVersion


class VersionInline(admin.TabularInline):
    model = ServiceStandardVersion
    extra = 0
    can_delete = False
    fields = ("number", "published_at", "published_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "completion", "cost", "is_active")
    search_fields = ("code", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "unit", "offered_by_every_kelurahan", "needs_nik", "is_active")}),
        (_("Public components of the standard"),
         {"fields": tuple(name for name, _label, public in STANDARD_COMPONENTS if public)}),
        (_("Internal components of the standard"),
         {"fields": tuple(name for name, _label, public in STANDARD_COMPONENTS if not public)}),
    )
    inlines = [VersionInline]

    def save_model(self, request: HttpRequest, obj: Service, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # Every edit publishes a new version (if anything changed); requests already made keep theirs.
        publish_standard(service=obj, by=request.user)


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ("tracking_id", "service", "unit", "status", "received_at", "promised_at", "masked_nik")
    list_filter = ("status", "channel", "service")
    search_fields = ("tracking_id",)
    exclude = ("nik",)
    readonly_fields = [field.name for field in ServiceRequest._meta.fields if field.name != "nik"]

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj: ServiceRequest) -> str:
        return mask_nik(obj.nik) if obj.nik else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # requests are made at the counter or online, through the actions


@admin.register(ReportService)
class ReportServiceAdmin(admin.ModelAdmin):
    list_display = ("report", "service", "linked_at")
    raw_id_fields = ("report",)

    # Links are made by sigap.services.actions.link_report_to_service (which checks the complaint's materi).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
