"""One phone-number rule for every place a number comes in."""

from __future__ import annotations

import pytest

from sigap.domain.phone import NotAPhoneNumber, PhoneProblem, normalized_phone, phone_or_empty


def test_a_local_number_is_stored_with_the_country_code() -> None:
    assert normalized_phone(" 0812 3456 7890 ") == "+6281234567890"


def test_nothing_typed_is_no_number_and_no_error() -> None:
    assert normalized_phone("  ") == ""


def test_text_longer_than_any_number_is_refused_as_too_long() -> None:
    with pytest.raises(NotAPhoneNumber) as refused:
        normalized_phone("0812" * 8)

    assert refused.value.problem is PhoneProblem.TOO_LONG


def test_text_that_is_not_a_number_is_refused_as_invalid() -> None:
    with pytest.raises(NotAPhoneNumber) as refused:
        normalized_phone("call me maybe")

    assert refused.value.problem is PhoneProblem.INVALID


def test_matching_a_contact_takes_what_is_not_a_number_as_none() -> None:
    assert phone_or_empty("call me maybe") == ""
