from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sigap.core.reference import ReferenceAdminMixin
from sigap.notifications.admin import NotificationAdmin
from sigap.notifications.models import Notification
from sigap.notifications.outbox import CONVERSATION_REPLY
from sigap.reports.access import REPORTER_IDENTITY_FIELDS, identity_is_protected
from sigap.reports.models import Category, Report, ReportEvent
from sigap.reports.queries import action_label, status_choices, status_label

MASK = "•••"
# What of an outbox row reaches its recipient: hidden when that is an anonim reporter.
PROTECTED_OUTBOX_FIELDS = ("recipient_address", "idempotency_key", "context", "last_error")


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
    fields = ("seq", "at", "what", "from_status_words", "to_status_words", "actor_label", "note", "is_public")
    readonly_fields = fields

    # The stored codes in words: the admin is read by people too (issue 14).
    @admin.display(description=gettext_lazy("what happened"))
    def what(self, obj: ReportEvent) -> str:
        return action_label(obj.action)

    @admin.display(description=gettext_lazy("from status"))
    def from_status_words(self, obj: ReportEvent) -> str:
        return status_label(obj.from_status) if obj.from_status else "—"

    @admin.display(description=gettext_lazy("to status"))
    def to_status_words(self, obj: ReportEvent) -> str:
        return status_label(obj.to_status)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StatusFilter(admin.SimpleListFilter):
    """The status filter by name: the model's choices keep the stored codes (their labels live in one place,
    sigap.reports.queries, and changing the choices would only churn migrations)."""

    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return status_choices()

    def queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> QuerySet[Report]:
        return queryset.filter(status=self.value()) if self.value() else queryset


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through actions (staff pages and API), so the log stays the record.

    An anonim reporter's identity is left out of the list, the detail, search and filters: the only way to it is
    the audited reveal on the staff page (docs/domain.md, "Reports": identity)."""

    list_display = ("tracking_id", "title", "status_words", "category", "lead_unit", "due_at", "escalation_level")
    list_filter = (StatusFilter, "kind", "channel", "category")
    search_fields = ("tracking_id", "title")  # never an identity field: a search would tell who filed what
    inlines = [EventInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        hidden = {"reporter_token"}
        if obj is not None and identity_is_protected(obj):
            hidden |= set(REPORTER_IDENTITY_FIELDS)
        # Fields whose stored form or model label a person should not read get a display in words instead.
        shown_as = {"status": "status_words", "next_check_at": "next_check"}
        fields = [shown_as.get(field.name, field.name) for field in Report._meta.fields
                  if field.name not in hidden | {"id"}]
        return (*fields, "reporter_identity")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.get_fields(request, obj)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["reporter_token"]

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_words(self, obj: Report) -> str:
        return status_label(obj.status)

    @admin.display(description=gettext_lazy("next deadline check"))
    def next_check(self, obj: Report) -> Any:
        return obj.next_check_at

    @admin.display(description=_("reporter identity"))
    def reporter_identity(self, obj: Report) -> str:
        if not identity_is_protected(obj):
            return _("Shown above.")
        url = reverse("staff:report", args=[obj.tracking_id])
        return format_html(_("Hidden: anonymous reporter. A complaint admin can reveal it, recorded, on the "
                             "<a href=\"{}\">staff page</a>."), url)

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        # ?reporter_phone=… in the list's URL would answer "which reports did this number file".
        if lookup.split("__")[0] in REPORTER_IDENTITY_FIELDS:
            return False
        return bool(super().lookup_allowed(lookup, value, request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _to_protected_citizen(notification: Notification) -> bool:
    """A message to a citizen (not to a staff account) about an anonim report: its address is the reporter's."""
    if notification.report_id is None or notification.recipient_user_id is not None:
        return False
    report = Report.objects.filter(pk=notification.report_id).only("anonim").first()
    return report is not None and identity_is_protected(report)


class OutboxAdmin(NotificationAdmin):
    """The outbox, registered here rather than in sigap.notifications because only reports know who is anonim:
    a message to an anonim reporter shows neither address nor key (which holds the address) nor context, nor the
    provider's last error (an SMTP refusal quotes the address it refused).

    A reply in a WhatsApp conversation never shows its text, whoever it went to: "my reports" and a report's status
    put the number next to its own reports' tracking IDs and secret links, and hiding only the replies about anonim
    reports would itself tell which numbers filed one."""

    list_display = ("created_at", "channel", "template", "recipient", "status", "attempts")
    search_fields = ("recipient_address", "idempotency_key")

    @admin.display(description=_("recipient"))
    def recipient(self, obj: Notification) -> str:
        return MASK if _to_protected_citizen(obj) else obj.recipient_address

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(f.name for f in Notification._meta.fields if f.name != "id")
        if obj is not None and _to_protected_citizen(obj):
            fields = tuple(f for f in fields if f not in PROTECTED_OUTBOX_FIELDS)
        if obj is not None and obj.template == CONVERSATION_REPLY:
            fields = tuple(f for f in fields if f != "context")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.get_fields(request, obj)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Notification],
                           search_term: str) -> tuple[QuerySet[Notification], bool]:
        results, duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # A search by address must not tell that this address reported an anonim report.
            results = results.exclude(Q(recipient_user__isnull=True) & Q(report__anonim=True))
        return results, duplicates

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest) -> bool:
        if lookup.split("__")[0] in PROTECTED_OUTBOX_FIELDS:
            return False
        return bool(super().lookup_allowed(lookup, value, request))


admin.site.register(Notification, OutboxAdmin)
