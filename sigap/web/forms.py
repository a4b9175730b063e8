"""Citizen forms. They check shape and size; the intake action checks the rules again (one source of truth)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sigap.reports.models import Category, Kind, Materi
from sigap.services.models import Service
from sigap.wilayah.models import Wilayah

PLACE_FIELDS = ("kecamatan", "kelurahan", "rw", "rt")
# Where each error of the intake action belongs on the form.
FIELD_OF_ERROR = {
    "location.kelurahan": "kelurahan", "location.rw": "rw", "location.rt": "rt", "location.lat": "lat",
    "location.lng": "lng", "reporter": "phone", "reporter.phone": "phone", "reporter.email": "email",
    "reporter_name": "name", "reporter_email": "email", "category": "category", "kind": "kind", "title": "title",
    "description": "description", "event_date": "event_date", "address": "address", "photos": "photos",
}


def _choices(parent_code: str | None, level: str) -> list[tuple[str, str]]:
    if parent_code is None:
        return [("", "—")]
    rows = Wilayah.objects.filter(parent__code=parent_code, level=level, is_active=True).order_by("code")
    return [("", "—")] + [(w.code, w.name) for w in rows]


def chosen_place(values: Mapping[str, Any]) -> dict[str, str]:
    """Keep only a consistent chain kecamatan → kelurahan → RW → RT; a changed parent clears its children."""
    chain: dict[str, str] = {name: "" for name in PLACE_FIELDS}
    parent = settings.SIGAP_KOTA_CODE
    for name in PLACE_FIELDS:
        value = str(values.get(name) or "").strip()[:40]
        if not value or not Wilayah.objects.filter(code=value, parent__code=parent, level=name).exists():
            break
        chain[name] = parent = value
    return chain


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What kind of report is it?"), choices=Kind.choices, widget=forms.RadioSelect,
                             initial=Kind.PENGADUAN)
    category = forms.ChoiceField(label=_("Category"), choices=())
    # Complaints are evidence for improving service standards (Perpres 76/2013): say which standard was missed.
    materi = forms.ChoiceField(label=_("What went wrong? (complaints, optional)"), required=False,
                               choices=[("", "—"), *Materi.choices])
    layanan = forms.ChoiceField(label=_("Which public service? (optional)"), required=False, choices=())
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), choices=(), required=False)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), choices=(), required=True)
    rw = forms.ChoiceField(label=_("RW"), choices=(), required=False)
    rt = forms.ChoiceField(label=_("RT"), choices=(), required=False)
    address = forms.CharField(label=_("Address or landmark (optional)"), max_length=300, required=False)
    lat = forms.DecimalField(label=_("Latitude (optional)"), max_digits=9, decimal_places=6, required=False,
                             min_value=-90, max_value=90)
    lng = forms.DecimalField(label=_("Longitude (optional)"), max_digits=9, decimal_places=6, required=False,
                             min_value=-180, max_value=180)
    title = forms.CharField(label=_("Title"), max_length=150,
                            widget=forms.TextInput(attrs={"placeholder": _("e.g. Big pothole in front of the market")}))
    description = forms.CharField(label=_("What happened?"), max_length=4000, widget=forms.Textarea)
    event_date = forms.DateField(label=_("Date of the event (optional)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    anonim = forms.BooleanField(
        label=_("Anonymous (anonim)"), required=False,
        help_text=_("Your name is hidden from the public and from the office that handles the report. Only the "
                    "complaint administrators can see it, and each look is recorded."))
    rahasia = forms.BooleanField(
        label=_("Confidential (rahasia)"), required=False,
        help_text=_("The whole report is hidden from public pages. Only you, with your secret link, and the "
                    "officers can open it."))
    name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    phone = forms.CharField(label=_("WhatsApp number"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "placeholder": "0812 3456 7890",
                                                          "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Email"), max_length=200, required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    # Honeypot: hidden from people by CSS; bots that fill every field give themselves away.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)

    def __init__(self, *args: Any, place: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = list(Category.objects.filter(is_active=True))
        self.categories = categories
        self._choice_field("category").choices = [("", "—")] + [(c.code, c.name) for c in categories]
        services = Service.objects.filter(is_active=True).values_list("code", "name")
        self._choice_field("layanan").choices = [("", "—"), *services]
        place = place or {}
        parents = {"kecamatan": settings.SIGAP_KOTA_CODE, "kelurahan": place.get("kecamatan") or None,
                   "rw": place.get("kelurahan") or None, "rt": place.get("rw") or None}
        for name in PLACE_FIELDS:
            self._choice_field(name).choices = _choices(parents[name], name)
        for name in ("kecamatan", "kelurahan", "rw", "rt", "category"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def clean_website(self) -> str:
        value: str = self.cleaned_data.get("website", "")
        if value:
            raise forms.ValidationError(_("Leave this field empty."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.has_error("phone") \
                and not self.has_error("email"):
            self.add_error("phone", _("Give a WhatsApp number or an email so we can tell you about progress."))
        return data


class ContactForm(forms.Form):
    phone = forms.CharField(label=_("WhatsApp number"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Email"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Give a WhatsApp number or an email so we can tell you about progress."))
        return data


# What the reporter writes on their page reaches the officers and them only (NOTE_AUDIENCE: REPORTER).
FOR_OFFICERS_ONLY = _("Read by the officers only; not shown on the public page.")


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Your message"), max_length=4000, widget=forms.Textarea,
                              help_text=FOR_OFFICERS_ONLY)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How well was it handled?"), coerce=int,
                                    choices=[(i, str(i)) for i in range(1, 6)], widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False,
                              widget=forms.Textarea, help_text=FOR_OFFICERS_ONLY)


