from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sigap.organization.actions import rebuild_unit_paths
from sigap.organization.models import ApiToken, Position, Profile, Unit


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent", "wilayah")
    inlines = [PositionInline]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        rebuild_unit_paths()


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "unit", "is_head", "is_active")
    list_filter = ("role", "is_head", "is_active")
    search_fields = ("person__username", "person__first_name", "unit__name", "unit__code")
    raw_id_fields = ("person", "unit")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("person", "phone", "whatsapp_user_id")
    search_fields = ("person__username", "phone", "whatsapp_user_id")
    raw_id_fields = ("person", "home_wilayah")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("person", "name", "created_at", "last_used_at", "is_active")
    readonly_fields = ("token_hash", "created_at", "last_used_at")
