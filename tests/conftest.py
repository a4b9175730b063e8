"""Shared fixtures: the Baubau reference data loaded once per test database, demo people, on-commit helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import time_machine

from tests.clock import FIXED_NOW


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load reference data (wilayah, units, categories, calendar) and demo accounts once per test database."""
    with django_db_blocker.unblock():
        from tests.integration.worker_support import load_reference

        load_reference()
    yield


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    from sigap.calendar.service import calendar_changed
    from sigap.core.reference import reference_changed
    from sigap.notifications.transports import RecordingTransport

    calendar_changed()
    reference_changed()
    RecordingTransport.reset()
    yield


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    """Stop every clock (timezone.now, datetime.now, date.today, time.time) at FIXED_NOW for the whole test.

    The clock does not tick: two reads give the same instant, so ordering by time is the test's to state. A test
    with a live server or a real worker, where timeouts must elapse, travels with `tick=True` itself.
    """
    with time_machine.travel(FIXED_NOW, tick=False):
        yield FIXED_NOW


@pytest.fixture
def user(db: Any) -> Callable[[str], Any]:
    from django.contrib.auth import get_user_model

    def get(username: str) -> Any:
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run on-commit callbacks (task enqueues) as a real commit would."""
    return django_capture_on_commit_callbacks
