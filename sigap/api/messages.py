"""Validation errors in the request's language: pydantic's English message replaced by ours, chosen by error type.

pydantic says "Field required" or "String should have at most 150 characters" whatever the client's language; the
API keeps pydantic's error type as the machine-readable `code` and gives a person's message through gettext.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# pydantic error type → message; %(name)s placeholders are filled from the error's ctx.
_BY_TYPE: dict[str, Promise] = {
    "missing": gettext_lazy("This field is required."),
    "string_type": gettext_lazy("Must be text."),
    "string_too_short": gettext_lazy("Must be at least %(min_length)s characters long."),
    "string_too_long": gettext_lazy("Must be at most %(max_length)s characters long."),
    "string_pattern_mismatch": gettext_lazy("Has the wrong format."),
    "int_type": gettext_lazy("Must be a whole number."),
    "int_parsing": gettext_lazy("Must be a whole number."),
    "int_from_float": gettext_lazy("Must be a whole number."),
    "float_type": gettext_lazy("Must be a number."),
    "float_parsing": gettext_lazy("Must be a number."),
    "finite_number": gettext_lazy("Must be a finite number."),
    "bool_type": gettext_lazy("Must be true or false."),
    "bool_parsing": gettext_lazy("Must be true or false."),
    "greater_than": gettext_lazy("Must be greater than %(gt)s."),
    "greater_than_equal": gettext_lazy("Must be at least %(ge)s."),
    "less_than": gettext_lazy("Must be less than %(lt)s."),
    "less_than_equal": gettext_lazy("Must be at most %(le)s."),
    "literal_error": gettext_lazy("Must be one of: %(expected)s."),
    "enum": gettext_lazy("Must be one of: %(expected)s."),
    "date_type": gettext_lazy("Must be a date (YYYY-MM-DD)."),
    "date_parsing": gettext_lazy("Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("Must be a date (YYYY-MM-DD)."),
    "date_from_datetime_inexact": gettext_lazy("Must be a date (YYYY-MM-DD)."),
    "datetime_type": gettext_lazy("Must be a date and time (ISO 8601)."),
    "datetime_parsing": gettext_lazy("Must be a date and time (ISO 8601)."),
    "datetime_from_date_parsing": gettext_lazy("Must be a date and time (ISO 8601)."),
    "list_type": gettext_lazy("Must be a list."),
    "too_short": gettext_lazy("Must have at least %(min_length)s items."),
    "too_long": gettext_lazy("Must have at most %(max_length)s items."),
    "dict_type": gettext_lazy("Must be an object."),
    "model_type": gettext_lazy("Must be an object."),
    "model_attributes_type": gettext_lazy("Must be an object."),
    "extra_forbidden": gettext_lazy("This field is not allowed."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "json_type": gettext_lazy("The body is not valid JSON."),
    "uuid_parsing": gettext_lazy("Must be a UUID."),
    "url_parsing": gettext_lazy("Must be a URL."),
}


def validation_message(detail: Mapping[str, Any]) -> str:
    """The person's message for one pydantic error (a dict of ErrorDetails shape)."""
    kind = str(detail.get("type", ""))
    if kind == "value_error":
        # Our own validators raise ValueError with an already translated message; pydantic prefixes it.
        message = str(detail.get("msg", ""))
        return message.removeprefix("Value error, ") or _("Invalid value.")
    template = _BY_TYPE.get(kind)
    if template is None:
        return _("Invalid value.")
    context = {key: _readable(value) for key, value in (detail.get("ctx") or {}).items()}
    try:
        return str(template) % context
    except (KeyError, TypeError, ValueError):
        return _("Invalid value.")


def _readable(value: Any) -> str:
    # pydantic gives literal choices as "'a', 'b' or 'c'": the quotes stay, they tell the client the exact codes.
    return str(value)


def auth_required() -> str:
    return _("A bearer token is required: send Authorization: Bearer <token>.")


def not_found() -> str:
    return _("Not found.")


def unknown_path() -> str:
    return _("There is no such API endpoint. The list is at /api/v1/openapi.json.")


def method_not_allowed(method: str, allowed: str) -> str:
    return _("This endpoint does not accept %(method)s; it accepts %(allowed)s.") % {
        "method": method, "allowed": allowed}


def unparsable_body() -> str:
    return _("The body could not be read: send valid JSON or form data.")
