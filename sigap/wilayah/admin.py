from django.contrib import admin

from sigap.core.reference import ReferenceAdminMixin
from sigap.wilayah.models import Wilayah


@admin.register(Wilayah)
class WilayahAdmin(ReferenceAdminMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "lat", "lng", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
