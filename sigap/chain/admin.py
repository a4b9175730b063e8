from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sigap.chain.actions import appoint_head
from sigap.chain.actions.people import clean_whatsapp_user_id
from sigap.chain.models import Announcement, ChainPolicy, Delivery, HeadAppointment
from sigap.core.errors import ActionError
from sigap.core.phone import clean_phone
from sigap.organization.models import TERRITORIAL_KINDS, Unit


@admin.register(ChainPolicy)
class ChainPolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "remind_after_minutes", "escalate_after_minutes")


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("recipient", "unit", "parent_unit", "sent_at", "acknowledged_at", "acknowledged_via", "reminded_at",
              "escalated_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Read-only: announcements are sent from the chain page, through the action."""

    list_display = ("title", "origin_unit", "is_drill", "created_at")
    list_filter = ("is_drill",)
    inlines = [DeliveryInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AppointHeadForm(forms.ModelForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    phone = forms.CharField(label=_("WhatsApp number"), max_length=30, required=False)
    whatsapp_user_id = forms.CharField(label=_("WhatsApp user id"), max_length=64, required=False)

    class Meta:
        model = HeadAppointment
        fields = ("unit",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(  # type: ignore[attr-defined]
            kind__in=TERRITORIAL_KINDS, is_active=True)

    def clean(self) -> dict[str, Any]:
        """Check the contact here so a bad number is a form error, not a failed save."""
        data = super().clean() or {}
        try:
            data["phone"] = clean_phone(data.get("phone", ""), field="phone")
            data["whatsapp_user_id"] = clean_whatsapp_user_id(data.get("whatsapp_user_id", ""))
        except ActionError as error:
            raise ValidationError({error.field or "phone": error.message}) from error
        if not data["phone"] and not data["whatsapp_user_id"]:
            raise ValidationError({"phone": _("A head needs a WhatsApp number or WhatsApp user id.")})
        return data


@admin.register(HeadAppointment)
class HeadAppointmentAdmin(admin.ModelAdmin):
    """Adding a row here appoints the head through the action; the list is the appointment record."""

    list_display = ("unit", "person", "source", "at", "by")
    search_fields = ("unit__code", "unit__name", "person__first_name", "person__profile__phone")
    autocomplete_fields = ()

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = AppointHeadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        try:
            position = appoint_head(unit=form.cleaned_data["unit"], name=form.cleaned_data["name"],
                                    phone=form.cleaned_data["phone"],
                                    whatsapp_user_id=form.cleaned_data["whatsapp_user_id"], by=request.user,
                                    source="admin")
        except ActionError as error:
            raise ValidationError(error.message) from error
        latest = HeadAppointment.objects.filter(unit=position.unit, person=position.person).first()
        if latest is not None:
            obj.pk, obj.person, obj.at = latest.pk, latest.person, latest.at
