"""Forms of the staff pages: they render fields; the action functions do the validating."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.domain.lifecycle import STATUS_LABELS, Action
from sigap.organization.models import Unit, UnitKind
from sigap.reports.models import Category
from sigap.reports.queries import audience_text
from sigap.reports.queue import DUE_LATE, DUE_TODAY, QUERY_MAX, SORT_LABELS
from sigap.wilayah.models import Level, Wilayah

# The free-text fields of the action forms; whichever a form has is the event's note.
TEXT_FIELDS = ("message", "reason", "note")


def unit_choices(extra: Unit | None = None) -> list[tuple[str, str]]:
    """Agencies and territorial offices down to kelurahan, plus the suggested unit (an RT may be suggested)."""
    units = list(Unit.objects.filter(is_active=True).exclude(kind__in=[UnitKind.RT, UnitKind.RW])
                 .order_by("kind", "name"))
    if extra is not None and extra not in units:
        units.insert(0, extra)
    return [(unit.code, str(unit)) for unit in units]


def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def say_who_reads(form: forms.Form, action: Action) -> forms.Form:
    """Show next to the form's text, before it is sent, who will read it: the lifecycle's NOTE_AUDIENCE decides
    both this and what the public surfaces show, so the two cannot disagree."""
    for name in TEXT_FIELDS:
        if name in form.fields:
            form.fields[name].help_text = audience_text(action)
    return form


def area_choices() -> list[tuple[str, Any]]:
    """Kelurahan by name, grouped under their kecamatan (whose first option is the whole kecamatan): chosen, never
    typed as a code."""
    kelurahan = (Wilayah.objects.filter(level=Level.KELURAHAN, is_active=True, parent__is_active=True)
                 .select_related("parent").order_by("parent__name", "name"))
    groups: dict[Wilayah, list[tuple[str, str]]] = {}
    for place in kelurahan:
        assert place.parent is not None
        groups.setdefault(place.parent, []).append((place.code, place.name))
    return [(kecamatan.display_name,
             [(kecamatan.code, _("All of %(kecamatan)s") % {"kecamatan": kecamatan.display_name}), *places])
            for kecamatan, places in groups.items()]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by tracking ID or words"), required=False, max_length=QUERY_MAX,
                        widget=forms.TextInput(attrs={"type": "search", "inputmode": "search",
                                                      "placeholder": _("e.g. BBU-7K3Q9M")}))
    status = forms.ChoiceField(label=_("Status"), required=False)
    due = forms.ChoiceField(label=_("Deadline"), required=False, choices=[
        ("", _("(any)")), (DUE_LATE, _("Late")), (DUE_TODAY, _("Due today"))])
    category = forms.ChoiceField(label=_("Category"), required=False)
    wilayah = forms.ChoiceField(label=_("Kelurahan"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=list(SORT_LABELS.items()))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[tuple[str, Any]] = [("", _("(all)"))]
        statuses = [(s.value, label) for s, label in STATUS_LABELS.items()]
        _choices(self, "status", [("", _("(what needs me)")), *statuses])
        _choices(self, "category", everything + [(c.code, c.name) for c in Category.objects.order_by("name")])
        _choices(self, "wilayah", everything + area_choices())
        _choices(self, "unit", everything + unit_choices())


class DispatchForm(forms.Form):
    lead_unit = forms.ChoiceField(label=_("Lead unit"))
    supporting_units = forms.MultipleChoiceField(label=_("Supporting units (optional)"), required=False)
    note = forms.CharField(label=_("Internal note to the unit"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, suggested: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = unit_choices(suggested)
        _choices(self, "lead_unit", choices)
        _choices(self, "supporting_units", choices)
        if suggested is not None:
            self.fields["lead_unit"].initial = suggested.code


class RedispatchForm(forms.Form):
    lead_unit = forms.ChoiceField(label=_("New lead unit"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "lead_unit", unit_choices())


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ResolveForm(MessageForm):
    photo = forms.ImageField(label=_("Photo of the result"), required=False)


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReferForm(forms.Form):
    recipient = forms.CharField(label=_("Recipient outside the city"), max_length=160)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PassUpForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
