from __future__ import annotations

from django.contrib import admin

from sigap.lapor.models import LaporCategory, LaporLink


@admin.register(LaporCategory)
class LaporCategoryAdmin(admin.ModelAdmin):
    list_display = ("category", "lapor_name")
    search_fields = ("category__name", "lapor_name")
    autocomplete_fields = ("category",)


@admin.register(LaporLink)
class LaporLinkAdmin(admin.ModelAdmin):
    # Links are written only by the import (one action); the admin reads them.
    list_display = ("lapor_id", "report", "status_at_import", "imported_at")
    search_fields = ("lapor_id", "report__tracking_id")
    readonly_fields = ("report", "lapor_id", "status_at_import", "lapor_date", "source_file", "imported_at")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
