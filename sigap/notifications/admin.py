from django.contrib import admin

from sigap.notifications.models import Notification


# Registered by sigap.reports.admin (OutboxAdmin), which knows which messages go to an anonim reporter.
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "template", "recipient_address", "status", "attempts")
    list_filter = ("channel", "status", "template")
    search_fields = ("recipient_address", "idempotency_key")
    readonly_fields = [f.name for f in Notification._meta.fields]
