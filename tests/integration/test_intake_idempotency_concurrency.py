"""Two requests with one key at the same moment store one report: the unique key row decides (PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection, connections, transaction

from sigap.reports.actions import Filed, ReportDraft
from sigap.reports.actions.storing import store_report as file_report
from sigap.reports.idempotency import Claim, fingerprint
from sigap.reports.models import Category, IntakeKey, Report
from sigap.wilayah.models import Wilayah
from tests.factories import WAJO
from tests.integration.worker_support import ensure_reference

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two transactions writing at once"),
]
NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
TITLE = "Dua klik sekaligus"


def wait_until(condition: Callable[[], bool], *, within: float = 30.0) -> None:
    """Wait for a condition the database reports, not for a fixed time."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def waiting_on_a_lock() -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        row = cursor.fetchone()
    return bool(row and row[0])


class Filing(threading.Thread):
    """Files in its own connection; the first one holds its transaction open until told to commit."""

    def __init__(self, draft: ReportDraft, claim: Claim, *, hold: bool) -> None:
        super().__init__()
        self.draft, self.claim, self.hold = draft, claim, hold
        self.written, self.release = threading.Event(), threading.Event()
        self.result: Filed | None = None
        self.errors: list[BaseException] = []

    def run(self) -> None:
        try:
            with transaction.atomic():
                self.result = file_report(draft=self.draft, idempotency=self.claim, now=NOW)
                self.written.set()
                if self.hold:
                    self.release.wait(timeout=60)
        except BaseException as error:  # reported to the test, which runs in another thread
            self.errors.append(error)
        finally:
            self.written.set()
            connection.close()


def test_two_concurrent_requests_with_one_key_store_one_report_and_both_get_it() -> None:
    ensure_reference()
    fields: dict[str, Any] = {
        "kind": "pengaduan", "category": Category.objects.get(code="jalan_rusak"), "title": TITLE,
        "description": "Tombol kirim ditekan dua kali.", "kelurahan": Wilayah.objects.get(code=WAJO),
        "reporter_phone": "+6281234500009", "channel": "api",
    }
    draft = ReportDraft(**fields)
    claim = Claim(scope="api", key="concurrent-key-1", body_hash=fingerprint(draft), status_code=201)

    # Given a first request that has written its report and key but not committed yet
    first = Filing(draft, claim, hold=True)
    first.start()
    assert first.written.wait(timeout=60)

    # When a second request with the same key runs meanwhile, and waits on the first's key row
    second = Filing(draft, claim, hold=False)
    second.start()
    wait_until(waiting_on_a_lock)
    first.release.set()
    first.join(timeout=60)
    second.join(timeout=60)

    # Then one report is stored, and the second request is answered with it
    assert first.errors == [] and second.errors == []
    assert first.result is not None and second.result is not None
    assert not first.result.replayed
    assert second.result.replayed
    assert second.result.report.pk == first.result.report.pk
    assert Report.objects.filter(title=TITLE).count() == 1
    assert IntakeKey.objects.filter(key="concurrent-key-1").count() == 1
