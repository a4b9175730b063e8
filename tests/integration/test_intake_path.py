"""The intake hot path: what one report costs the database, tracking-id collisions, its one task, cached codes."""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from sigap.domain.tracking import new_tracking_id
from sigap.notifications.models import Notification, NotificationStatus
from sigap.notifications.transports import RecordingTransport
from sigap.reports.models import Category, Report
from sigap.reports.tasks import report_received
from tests.factories import WAJO, make_report

pytestmark = pytest.mark.django_db

RECEIVED_PATH = "sigap.reports.tasks.report_received"
CHECK_PATH = "sigap.reports.tasks.check_report_deadline"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def post(client: Any, index: int, **overrides: Any) -> Any:
    data: dict[str, Any] = {
        "kind": "pengaduan", "category": "jalan_rusak", "title": f"Jalan berlubang {index}",
        "description": "Lubang besar di depan pasar.",
        "location": {"kelurahan": WAJO, "rw": "1", "rt": "1"},
        "reporter": {"name": "Wa Ode", "phone": f"0812345678{index:02d}", "email": f"wa{index}@example.com"},
    }
    data.update(overrides)
    return client.post("/api/v1/reports", data=json.dumps(data), content_type="application/json")


def statements(captured: CaptureQueriesContext) -> list[str]:
    """Each statement as its verb and, for writes and reads, its table: a readable list to compare."""
    shapes = []
    for query in captured.captured_queries:
        sql = query["sql"]
        table = re.search(r'(?:INSERT INTO|FROM|UPDATE) "(\w+)"', sql)
        shapes.append(f"{sql.split()[0]} {table.group(1)}" if table else sql.split()[0])
    return shapes


def test_a_report_through_the_api_costs_its_inserts_and_its_one_task_row_in_one_transaction(
        client, run_on_commit) -> None:
    post(client, 1)  # the process has now read the category and the wilayah codes

    with CaptureQueriesContext(connection) as captured, run_on_commit(execute=True):
        response = post(client, 2)

    assert response.status_code == 201
    assert statements(captured) == [
        "SAVEPOINT",  # the report's transaction (a savepoint inside the test's own)
        "INSERT reports_report",
        "INSERT reports_reportevent",
        "INSERT notifications_notification",  # WhatsApp receipt
        "INSERT notifications_notification",  # email receipt
        "INSERT django_tasks_database_dbtaskresult",  # the report's one task, committed with it
        "RELEASE",
    ]


def test_a_report_rolled_back_leaves_no_task_behind(client) -> None:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from tests.factories import make_report

    before = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_report()
        raise RuntimeError("the request failed after the report was written")

    assert DBTaskResult.objects.count() == before


def test_with_a_queue_outside_the_database_the_task_waits_for_the_commit(settings, run_on_commit) -> None:
    from django_tasks_db.models import DBTaskResult

    from sigap.core.tasks import enqueue_with_data

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}
    asked: list[str] = []
    with run_on_commit(execute=False) as pending:
        enqueue_with_data(lambda: asked.append("enqueued"))
        assert asked == []

    assert len(pending) == 1 and DBTaskResult.objects.count() == 0


def test_a_cold_process_reads_the_category_and_all_three_wilayah_codes_in_two_queries(client) -> None:
    with CaptureQueriesContext(connection) as captured:
        response = post(client, 3)

    assert response.status_code == 201
    reads = [shape for shape in statements(captured) if shape in ("SELECT wilayah_wilayah", "SELECT reports_category")]
    assert reads == ["SELECT wilayah_wilayah", "SELECT reports_category"]


def test_a_tracking_id_collision_draws_a_fresh_id_and_stores_the_report_once() -> None:
    first = make_report(rng=random.Random(7))
    draws = random.Random(7)
    taken, fresh = new_tracking_id("BBU", rng=draws), new_tracking_id("BBU", rng=draws)
    assert first.tracking_id == taken

    second = make_report(rng=random.Random(7))  # its first draw is the id already taken

    assert second.tracking_id == fresh
    assert Report.objects.filter(title=first.title).count() == 2
    assert list(second.events.values_list("seq", "action")) == [(1, "submit")]
    assert Notification.objects.filter(report=second, template="report_received").count() == 2


def test_a_new_report_enqueues_one_task_on_commit_that_schedules_its_check_and_sends_its_receipts(
        run_on_commit) -> None:
    with run_on_commit(execute=True):
        report = make_report()

    queued = DBTaskResult.objects.get()
    assert queued.task_path == RECEIVED_PATH
    assert not Notification.objects.filter(report=report).exclude(status=NotificationStatus.PENDING).exists()

    report_received.call(*queued.args_kwargs["args"])

    check = DBTaskResult.objects.get(task_path=CHECK_PATH)
    assert check.run_after == report.next_check_at
    assert check.args_kwargs["args"] == [report.pk, report.next_check_at.isoformat()]
    assert set(Notification.objects.filter(report=report).values_list("status", flat=True)) == {"sent"}
    assert [message["to"] for message in RecordingTransport.sent] == [report.reporter_phone]
    assert [message.to for message in mail.outbox] == [[report.reporter_email]]


def test_running_the_new_report_task_twice_sends_each_receipt_once(run_on_commit) -> None:
    with run_on_commit(execute=True):
        make_report()
    args = DBTaskResult.objects.get(task_path=RECEIVED_PATH).args_kwargs["args"]

    report_received.call(*args)
    report_received.call(*args)

    assert (len(RecordingTransport.sent), len(mail.outbox)) == (1, 1)


def test_a_category_deactivated_in_the_admin_is_refused_on_the_next_report(client, user) -> None:
    assert post(client, 4).status_code == 201  # the category is now kept by this process
    category = Category.objects.get(code="jalan_rusak")
    client.force_login(user("admin"))
    form = {field: value for field, value in client.get(f"/admin/reports/category/{category.pk}/change/")
            .context["adminform"].form.initial.items() if value is not None}
    form.pop("is_active")

    assert client.post(f"/admin/reports/category/{category.pk}/change/", form).status_code == 302

    response = post(client, 5)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "category"


def test_a_code_unknown_at_first_is_found_once_it_exists(client) -> None:
    assert post(client, 6, category="jalan_baru").status_code == 422
    Category.objects.create(code="jalan_baru", name="Jalan baru", unit=Category.objects.get(code="jalan_rusak").unit)

    assert post(client, 7, category="jalan_baru").status_code == 201
