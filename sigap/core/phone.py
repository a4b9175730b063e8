"""A typed phone number checked for a person: the domain's rule (sigap.domain.phone) with messages in their language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sigap.core.errors import InvalidInput
from sigap.domain.phone import NotAPhoneNumber, PhoneProblem, normalized_phone


def clean_phone(raw: str, *, field: str, required: bool = False) -> str:
    """The number as +62…, "" when none was given (unless `required`); InvalidInput naming `field` otherwise."""
    try:
        phone = normalized_phone(raw)
    except NotAPhoneNumber as error:
        if error.problem is PhoneProblem.TOO_LONG:
            raise InvalidInput(_("This phone number is too long."), field=field, code="too_long") from error
        raise InvalidInput(_("This is not a valid Indonesian phone number (e.g. 0812 3456 7890)."), field=field,
                           code="invalid_phone") from error
    if not phone and required:
        raise InvalidInput(_("A phone number is required."), field=field, code="required")
    return phone
