from django.contrib import admin
from django.http import HttpRequest

from sigap.channels.models import Conversation, InboxItem, MessageTemplate, WhatsAppContact


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["notification_template", "name", "language", "parameters", "is_active"]
    list_filter = ["is_active", "language"]


@admin.register(WhatsAppContact)
class WhatsAppContactAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user_id", "wa_id", "phone", "person", "last_inbound_at"]
    search_fields = ["user_id", "wa_id", "phone", "name"]
    raw_id_fields = ["person"]
    readonly_fields = ["last_inbound_at", "last_outbound_at", "created_at"]


@admin.register(InboxItem)
class InboxItemAdmin(admin.ModelAdmin):
    """What processing needs to be followed, never the payload: it holds the sender's number and name next to
    what they wrote, which may be the tracking ID of an anonim report they filed (or a button on it)."""

    list_display = ["key", "kind", "received_at", "processed_at", "outcome"]
    list_filter = ["kind"]
    search_fields = ["key"]
    fields = readonly_fields = ("key", "kind", "external_id", "received_at", "processed_at", "outcome", "redacted_at")

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # ?payload__icontains=<number or tracking ID> would answer what the hidden payload holds.
        return lookup.split("__")[0] != "payload" and bool(super().lookup_allowed(lookup, value, request))

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """Where a contact is in the dialogue, read-only (the dialogue engine is its one writer). Its data is left out:
    during a dispute it holds the tracking ID of the contact's own report, which may be an anonim one."""

    list_display = ["contact", "state", "updated_at"]
    fields = readonly_fields = ("contact", "state", "updated_at")

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # ?data__icontains=<tracking ID> would list the contact disputing that report.
        return lookup.split("__")[0] != "data" and bool(super().lookup_allowed(lookup, value, request))

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
