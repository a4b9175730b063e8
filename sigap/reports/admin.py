from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.core.reference import ReferenceAdminMixin
from sigap.reports.models import Category, Report, ReportEvent


@admin.register(Category)
class CategoryAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "unit", "territorial_first", "evidence_photo_required", "berkadar_pengawasan",
                    "is_active")
    list_filter = ("territorial_first", "evidence_photo_required", "berkadar_pengawasan", "is_active")
    search_fields = ("code", "name")


class EventInline(admin.TabularInline):
    """The event log is append-only: shown, never edited here."""

    model = ReportEvent
    extra = 0
    can_delete = False
    fields = ("seq", "at", "action", "from_status", "to_status", "actor_label", "note", "is_public")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through actions (staff pages and API), so the log stays the record."""

    list_display = ("tracking_id", "title", "status", "category", "lead_unit", "due_at", "escalation_level")
    list_filter = ("status", "kind", "channel", "category")
    search_fields = ("tracking_id", "title")
    inlines = [EventInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Report._meta.fields if field.name != "reporter_token"]

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["reporter_token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
