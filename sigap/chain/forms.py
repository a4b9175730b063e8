from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sigap.chain.actions.announce import MAX_BODY, MAX_TITLE


class AnnouncementForm(forms.Form):
    origin_unit = forms.ChoiceField(label=_("From"))
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = forms.CharField(label=_("Message"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 4}))
    include_residents = forms.BooleanField(label=_("Also send to registered residents"), required=False)
    is_drill = forms.BooleanField(
        label=_("Communication drill (uji arus komunikasi): relay level by level and time each link"),
        required=False,
    )

    def __init__(self, *args: object, units: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["origin_unit"].choices = units  # type: ignore[attr-defined]


class PeriodForm(forms.Form):
    unit = forms.CharField(required=False, max_length=40)
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=366, required=False)
