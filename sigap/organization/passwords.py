"""Password rules of our own, beside Django's validators (settings.AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sigap.core.demo import DEMO_PASSWORD
from sigap.organization.models import Position, Role


def is_resident_only(user: Any) -> bool:
    """True for a saved account that holds only resident positions (no staff role, no admin flag).

    An account being created (not saved yet, no positions) counts as staff: positions are usually added after the
    password is set, so the longer rule applies unless the account is known to be a resident's.
    """
    if user is None or getattr(user, "pk", None) is None:
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return False
    roles = set(Position.objects.filter(person_id=user.pk).values_list("role", flat=True))
    return bool(roles) and roles <= {Role.WARGA}


class StaffMinimumLengthValidator:
    """Officers' accounts open reports and people's contacts: they need a longer password than Django's minimum."""

    def __init__(self, min_length: int = 12) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length and not is_resident_only(user):
            raise ValidationError(
                ngettext("An officer's password must contain at least %(min_length)d character.",
                         "An officer's password must contain at least %(min_length)d characters.", self.min_length),
                code="password_too_short_for_staff", params={"min_length": self.min_length})

    def get_help_text(self) -> str:
        return ngettext("An officer's password must contain at least %(min_length)d character.",
                        "An officer's password must contain at least %(min_length)d characters.",
                        self.min_length) % {"min_length": self.min_length}


class DemoPasswordValidator:
    """The demo password is published in the README; no account may choose it (seed_demo sets it directly)."""

    def validate(self, password: str, user: Any = None) -> None:
        if password.strip().lower() == DEMO_PASSWORD:
            raise ValidationError(_("This password is published for the demo and cannot be used."),
                                  code="password_is_demo")

    def get_help_text(self) -> str:
        return _("Your password cannot be the published demo password.")
