"""Forms only shape input; the actions decide. An ActionError is put back on its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.core.errors import ActionError
from sigap.organization.models import Unit, UnitKind
from sigap.services.models import Service


class ApplicantFields(forms.Form):
    applicant_name = forms.CharField(label=_("Name"), max_length=120)
    nik = forms.CharField(label=_("NIK (16 digits)"), max_length=24, required=False)
    applicant_phone = forms.CharField(label=_("WhatsApp / phone number"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Email"), max_length=200, required=False)

    def add_action_error(self, error: ActionError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class WalkInForm(ApplicantFields):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.filter(is_active=True),
                                     to_field_name="code")
    unit = forms.ModelChoiceField(label=_("Counter of"), queryset=Unit.objects.none(), to_field_name="code")

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]


class OnlineForm(ApplicantFields):
    kelurahan = forms.ModelChoiceField(label=_("Kelurahan office"), required=False, to_field_name="code",
                                       queryset=Unit.objects.filter(kind=UnitKind.KELURAHAN, is_active=True))

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        if not service.offered_by_every_kelurahan:
            del self.fields["kelurahan"]
        else:
            self.fields["kelurahan"].required = True
        self.requirement_names: list[tuple[str, str, str]] = []
        for index, item in enumerate(service.requirement_items()):
            check, upload = f"req_{index}", f"file_{index}"
            self.fields[check] = forms.BooleanField(label=item, required=False)
            self.fields[upload] = forms.FileField(label=_("File for: %(item)s") % {"item": item}, required=False)
            self.requirement_names.append((item, check, upload))


class IncompleteForm(forms.Form):
    missing = forms.CharField(label=_("Missing requirements (one per line)"), widget=forms.Textarea)
