"""The permohonan lifecycle and the promised time, as the standard and the working calendar define them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sigap.domain.calendar import WorkingCalendar
from sigap.domain.service_requests import (
    Completion,
    RequestAction,
    RequestStatus,
    RequestTransitionNotAllowed,
    allowed_actions,
    is_late,
    next_request_status,
    parse_completion,
    promised_at,
    within_standard,
)

WITA = ZoneInfo("Asia/Makassar")
CUTOFF = time(14, 0)
# Tue 10 Feb 2026 is a working day; Fri 13 Feb closes at 16:30; Mon 16 Feb is a holiday in this calendar.
CALENDAR = WorkingCalendar(holidays=[date(2026, 2, 16)])


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 2, day, hour, minute, tzinfo=WITA)


def promise(received: datetime, completion: str = "same_day") -> datetime:
    return promised_at(completion=parse_completion(completion), received_at=received, calendar=CALENDAR,
                       same_day_cutoff=CUTOFF)


def test_same_day_before_the_cutoff_is_promised_by_close_of_business_today() -> None:
    assert promise(at(10, 9, 15)) == at(10, 16)


def test_same_day_after_the_cutoff_is_promised_by_the_next_working_days_close() -> None:
    assert promise(at(10, 14, 30)) == at(11, 16)


def test_same_day_received_exactly_at_the_cutoff_counts_as_after_it() -> None:
    assert promise(at(10, 14, 0)) == at(11, 16)


def test_same_day_on_a_friday_afternoon_skips_the_weekend_and_the_holiday() -> None:
    assert promise(at(13, 15)) == at(17, 16)


def test_same_day_on_a_friday_morning_uses_fridays_later_close() -> None:
    assert promise(at(13, 10)) == at(13, 16, 30)


def test_same_day_received_on_a_saturday_is_promised_by_the_next_working_days_close() -> None:
    assert promise(at(14, 9)) == at(17, 16)


def test_same_day_received_early_before_opening_is_still_today() -> None:
    assert promise(at(10, 7, 0)) == at(10, 16)


def test_working_days_follow_the_calendar_and_never_count_the_day_of_receipt() -> None:
    assert promise(at(10, 8), "5_working_days") == at(18, 16)  # Wed..Fri, (Mon holiday), Tue, Wed


def test_completion_texts_parse() -> None:
    assert parse_completion("same_day") == Completion(0)
    assert parse_completion("28_working_days") == Completion(28)
    assert parse_completion("1_working_day") == Completion(1)


@pytest.mark.parametrize("text", ["", "soon", "0_working_days", "-3_working_days", "5 days"])
def test_bad_completion_texts_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_completion(text)


def test_naive_receipt_time_is_refused() -> None:
    with pytest.raises(ValueError):
        promised_at(completion=Completion(0), received_at=datetime(2026, 2, 10, 9), calendar=CALENDAR,
                    same_day_cutoff=CUTOFF)


def test_the_walk_in_path_runs_from_received_to_handed_over() -> None:
    status = RequestStatus.RECEIVED
    for action in (RequestAction.CHECK, RequestAction.START, RequestAction.MARK_READY, RequestAction.HAND_OVER):
        status = next_request_status(status, action)
    assert status == RequestStatus.HANDED_OVER


def test_incomplete_requirements_return_to_checked_once_brought() -> None:
    status = next_request_status(RequestStatus.RECEIVED, RequestAction.MARK_INCOMPLETE)
    assert status == RequestStatus.INCOMPLETE
    assert next_request_status(status, RequestAction.COMPLETE) == RequestStatus.CHECKED


def test_nothing_moves_a_handed_over_request() -> None:
    assert allowed_actions(RequestStatus.HANDED_OVER) == ()
    with pytest.raises(RequestTransitionNotAllowed):
        next_request_status(RequestStatus.HANDED_OVER, RequestAction.MARK_READY)


def test_an_incomplete_request_does_not_escalate_because_its_clock_is_stopped() -> None:
    with pytest.raises(RequestTransitionNotAllowed):
        next_request_status(RequestStatus.INCOMPLETE, RequestAction.ESCALATE)


def test_a_ready_request_cannot_be_cancelled() -> None:
    assert RequestAction.CANCEL not in allowed_actions(RequestStatus.READY)


def test_within_standard_and_lateness() -> None:
    promised = at(10, 16)
    assert within_standard(promised=promised, finished=at(10, 15)) is True
    assert within_standard(promised=promised, finished=at(11, 9)) is False
    assert within_standard(promised=promised, finished=None) is None
    assert is_late(promised=promised, finished=None, now=at(11, 8)) is True
    assert is_late(promised=promised, finished=at(10, 12), now=at(11, 8)) is False

moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31),
                       timezones=st.just(WITA))


@settings(max_examples=200, deadline=None)
@given(received=moments, days=st.integers(min_value=0, max_value=30))
def test_a_promise_is_always_a_close_of_business_after_receipt(received: datetime, days: int) -> None:
    promised = promised_at(completion=Completion(days), received_at=received, calendar=CALENDAR,
                           same_day_cutoff=CUTOFF)
    local = promised.astimezone(WITA)
    assert promised > received
    assert CALENDAR.close_of_business(local.date()) == promised


@settings(max_examples=200, deadline=None)
@given(received=moments)
def test_same_day_is_never_later_than_one_working_day(received: datetime) -> None:
    same_day = promise(received)
    assert same_day <= CALENDAR.add_working_days(received, 1)
    assert same_day - received < timedelta(days=12)
