from django.contrib import admin

from sigap.services.models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "completion", "cost", "is_active")
    search_fields = ("code", "name")
