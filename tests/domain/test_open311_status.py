"""The extended Open311 statuses are a table that covers every Sigap status with a word FixMyStreet knows."""

from __future__ import annotations

import pytest

from sigap.domain.lifecycle import FINAL_STATUSES, Action, Status
from sigap.domain.open311_status import ACTION_STATUS, EXTENDED_STATUS, extended_status

# The statuses mySociety's Open311 extension names (FixMyStreet's Open311 update handling).
FIXMYSTREET_WORDS = {"OPEN", "INVESTIGATING", "IN_PROGRESS", "ACTION_SCHEDULED", "NOT_COUNCILS_RESPONSIBILITY",
                     "DUPLICATE", "FIXED", "CLOSED", "NO_FURTHER_ACTION", "UNABLE_TO_FIX", "INTERNAL_REFERRAL"}


@pytest.mark.parametrize("status", list(Status))
def test_every_sigap_status_maps_to_a_fixmystreet_word(status: Status) -> None:
    assert EXTENDED_STATUS[status] in FIXMYSTREET_WORDS


def test_every_action_override_is_a_fixmystreet_word() -> None:
    assert set(ACTION_STATUS.values()) <= FIXMYSTREET_WORDS


@pytest.mark.parametrize("status", sorted(FINAL_STATUSES))
def test_no_final_status_reads_as_open_work(status: Status) -> None:
    assert EXTENDED_STATUS[status] not in {"OPEN", "INVESTIGATING", "IN_PROGRESS", "ACTION_SCHEDULED"}


def test_a_linked_duplicate_reads_as_duplicate_not_closed() -> None:
    assert extended_status(Status.ARCHIVED, Action.LINK_DUPLICATE) == "DUPLICATE"
    assert extended_status(Status.ARCHIVED, Action.ARCHIVE) == "CLOSED"


def test_a_referral_reads_as_not_the_councils_responsibility() -> None:
    assert extended_status(Status.REFERRED, Action.REFER) == "NOT_COUNCILS_RESPONSIBILITY"


def test_an_action_this_code_no_longer_knows_falls_back_to_the_status() -> None:
    assert extended_status(Status.IN_PROGRESS, "retired_action") == "IN_PROGRESS"
