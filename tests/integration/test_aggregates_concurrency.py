"""Catch-up never skips an event whose transaction commits after one with a higher id (PostgreSQL hands out ids
at insert, not at commit; SQLite admits one writer at a time, so there ids always become visible in order)."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from sigap.dashboard.aggregates import catch_up, recompute, watermark
from sigap.dashboard.models import ReportFact
from sigap.organization.models import Unit
from sigap.reports import actions
from sigap.reports.models import Report, ReportEvent
from tests.factories import make_report
from tests.integration.worker_support import ensure_reference

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two transactions writing at once"),
]
START = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))


class SlowDispatch(threading.Thread):
    """Dispatches a report in its own transaction and holds the commit until told to go on."""

    def __init__(self, report: Report, admin: object) -> None:
        super().__init__()
        self.report, self.admin = report, admin
        self.written, self.release = threading.Event(), threading.Event()
        self.errors: list[BaseException] = []

    def run(self) -> None:
        try:
            with transaction.atomic():
                actions.dispatch_report(report=self.report, by=self.admin, lead_unit=Unit.objects.get(code="pupr"),
                                        now=START + timedelta(hours=1))
                self.written.set()
                self.release.wait(timeout=60)
        except BaseException as error:  # reported to the test, which runs in another thread
            self.errors.append(error)
        finally:
            self.written.set()
            connection.close()


def test_an_event_committed_after_one_with_a_higher_id_is_still_folded(user) -> None:
    ensure_reference()
    admin = user("verifikator")
    slow, fast = make_report(now=START), make_report(now=START)
    catch_up()
    writer = SlowDispatch(slow, admin)
    writer.start()
    assert writer.written.wait(timeout=60)
    actions.dispatch_report(report=fast, by=admin, lead_unit=Unit.objects.get(code="dlh"),
                            now=START + timedelta(hours=2))
    fast_event = ReportEvent.objects.filter(report=fast).order_by("-seq").first()
    assert fast_event is not None

    catch_up()  # sees the higher id; the lower one is not committed yet
    held_back = watermark()
    writer.release.set()
    writer.join(timeout=60)
    catch_up()

    assert writer.errors == []
    slow_event = ReportEvent.objects.filter(report=slow).order_by("-seq").first()
    assert slow_event is not None and slow_event.pk < fast_event.pk  # really committed out of order
    assert ReportFact.objects.get(report=slow).status == "dispatched"
    assert ReportFact.objects.get(report=fast).status == "dispatched"
    assert recompute(check_only=True) == []
    assert held_back < slow_event.pk <= watermark()  # the safe watermark waited for the open transaction
