from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError
from sigap.open311.actions import create_open311_key
from sigap.open311.models import Open311ApiKey, Open311Submission, Open311Update


class NewKeyForm(forms.ModelForm):
    class Meta:
        model = Open311ApiKey
        fields = ("name",)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if Open311ApiKey.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A key with this name already exists."))
        return name


@admin.register(Open311ApiKey)
class Open311ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "is_active", "created_at", "last_used_at")
    list_filter = ("is_active",)
    search_fields = ("name", "prefix")
    readonly_fields = ("prefix", "created_at", "last_used_at")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = NewKeyForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("name",)
        return ("name", "prefix", "is_active", "created_at", "last_used_at")

    def save_model(self, request: HttpRequest, obj: Open311ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            key, raw = create_open311_key(name=obj.name)
        except ActionError as error:  # a race with another admin; the form checked the name already
            messages.error(request, error.message)
            return
        obj.pk = key.pk
        obj.prefix, obj.key_hash, obj.created_at = key.prefix, key.key_hash, key.created_at
        # Shown once: only the digest is stored, so a lost key is replaced, never recovered.
        messages.warning(request, _("The api_key for %(name)s (shown only now): %(key)s") %
                         {"name": key.name, "key": raw})


@admin.register(Open311Submission)
class Open311SubmissionAdmin(admin.ModelAdmin):
    list_display = ("report", "api_key", "created_at")
    raw_id_fields = ("report",)
    readonly_fields = ("report", "api_key", "token", "media_url", "created_at")
    search_fields = ("report__tracking_id", "token")


@admin.register(Open311Update)
class Open311UpdateAdmin(admin.ModelAdmin):
    """Read-only: an update is written by the client through `post_update`, its text lives on the report event."""

    list_display = ("report", "api_key", "client_update_id", "created_at")
    raw_id_fields = ("report", "event")
    readonly_fields = ("report", "event", "api_key", "client_update_id", "created_at")
    search_fields = ("report__tracking_id", "client_update_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
