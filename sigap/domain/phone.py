"""Indonesian phone numbers as Sigap stores them (+62…): the one rule for every place a number comes in.

Forms, the JSON API, Open311, WhatsApp contacts and the chain's registers all pass through `normalized_phone`; the
interfaces turn a `PhoneProblem` into a message in the person's language (sigap.core.phone).
"""

from __future__ import annotations

from enum import StrEnum

from lokal.phone import normalize_phone

# Longer than any number with spaces, dashes and a country code: what is longer is not a number, so it is refused
# before it is parsed.
MAX_TYPED_LENGTH = 30


class PhoneProblem(StrEnum):
    TOO_LONG = "too_long"
    INVALID = "invalid_phone"


class NotAPhoneNumber(ValueError):
    def __init__(self, problem: PhoneProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def normalized_phone(raw: str) -> str:
    """The number as +62…, or "" when nothing was typed; raises NotAPhoneNumber for what cannot be one."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if len(raw) > MAX_TYPED_LENGTH:
        raise NotAPhoneNumber(PhoneProblem.TOO_LONG)
    normalized = normalize_phone(raw)
    if not normalized:
        raise NotAPhoneNumber(PhoneProblem.INVALID)
    return str(normalized)


def phone_or_empty(raw: str) -> str:
    """The normalised number, or "" for anything that is not one: for matching a contact, never for refusing."""
    try:
        return normalized_phone(raw)
    except NotAPhoneNumber:
        return ""
