from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sigap.notifications.actions import send_unconfirmed_again
from sigap.notifications.models import Notification


# Registered by sigap.reports.admin (OutboxAdmin), which knows which messages go to an anonim reporter.
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "template", "recipient_address", "status", "attempts")
    list_filter = ("channel", "status", "template")
    search_fields = ("recipient_address", "idempotency_key")
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    @admin.action(description=_("Send unconfirmed messages again (checked: they did not arrive)"),
                  permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = send_unconfirmed_again(notification_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, ngettext("%(count)d unconfirmed message will be sent again.",
                                            "%(count)d unconfirmed messages will be sent again.", count)
                          % {"count": count}, messages.SUCCESS)
