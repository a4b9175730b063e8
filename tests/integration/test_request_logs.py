"""Logs: one JSON line per request and per task, a request id that follows a report into its tasks, no personal data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from sigap.monitoring.logs import JsonFormatter
from tests.factories import WAJO, make_report

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
NAME, PHONE, EMAIL = "Wa Ode Rahmawati", "0812-7766-5544", "rahma.pelapor@example.com"
PHONE_DIGITS = ("81277665544", "8127766", "7766-5544")


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


@pytest.fixture
def logs(caplog: Any) -> Any:
    caplog.set_level(logging.INFO)
    return caplog


def lines(caplog: Any) -> list[dict[str, Any]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(record)) for record in caplog.records]


def of_kind(caplog: Any, kind: str) -> list[dict[str, Any]]:
    return [line for line in lines(caplog) if line.get("kind") == kind]


def file_report(client: Any, query: str = "") -> Any:
    body = {"kind": "pengaduan", "category": "jalan_rusak", "title": "Jalan berlubang",
            "description": "Lubang besar di depan pasar.", "event_date": "2026-11-01",
            "location": {"kelurahan": WAJO, "rw": "1", "rt": "1", "address": "Jl. Pasar"},
            "anonim": False, "rahasia": False, "reporter": {"name": NAME, "phone": PHONE, "email": EMAIL}}
    response = client.post(f"/api/v1/reports{query}", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201
    return response


def run_queued_tasks_as_the_worker() -> None:
    """What db_worker does with each due task (claim, run, signals), in this process and this transaction."""
    worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
    for _round in range(10):
        due = list(DBTaskResult.objects.ready().order_by("enqueued_at"))
        if not due:
            return
        for row in due:
            row.claim("test-worker")
            worker.run_task(row)


def test_a_request_logs_one_json_line_with_method_path_status_time_and_its_id(client, logs) -> None:
    response = client.get("/healthz?from=0812-7766-5544")

    [line] = of_kind(logs, "request")
    assert line["method"] == "GET"
    assert line["path"] == "/healthz"  # never the query string
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["level"] == "INFO"


def test_a_secret_link_token_is_masked_in_the_logged_path(client, logs, frozen_now) -> None:
    report = make_report(now=frozen_now)

    client.get(f"/lacak/{report.tracking_id}/pelapor/{report.reporter_token}")

    [line] = of_kind(logs, "request")
    assert line["path"] == f"/lacak/{report.tracking_id}/pelapor/:token"
    assert report.reporter_token not in json.dumps(lines(logs))


def test_a_path_no_route_matches_is_not_written(client, logs) -> None:
    client.get("/081277665544/wa-ode")

    [line] = of_kind(logs, "request")
    assert (line["path"], line["status"]) == ("(unmatched)", 404)


def test_a_request_refused_before_its_view_is_logged_with_its_path(client, logs, settings) -> None:
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True

    client.get("/lapor/")

    [line] = of_kind(logs, "request")
    assert (line["path"], line["status"]) == ("/lapor/", 301)


def test_a_task_logs_one_json_line_carrying_the_id_of_the_request_that_filed_the_report(client, logs,
                                                                                         frozen_now) -> None:
    # Given a report filed through the API, whose intake task the request enqueued
    request_id = file_report(client)["X-Request-ID"]

    # When a worker runs the queued tasks
    run_queued_tasks_as_the_worker()

    # Then each task wrote one line, and the intake task's carries the request's id
    tasks = of_kind(logs, "task")
    intake = [line for line in tasks if line["task"] == "sigap.reports.tasks.report_received"]
    assert len(intake) == 1
    assert intake[0]["request_id"] == request_id
    assert intake[0]["outcome"] == "successful"
    assert isinstance(intake[0]["duration_ms"], float)
    assert intake[0]["task_id"]
    assert len({line["task_id"] for line in tasks}) == len(tasks)


def test_no_log_line_carries_the_reporters_name_phone_or_email(client, logs, frozen_now) -> None:
    # Given a report filed with a name, a phone and an e-mail (the phone in the query string too), and its tasks run
    file_report(client, query=f"?phone={PHONE}")
    run_queued_tasks_as_the_worker()

    # Then nothing written (as JSON or as the plain message) names the reporter
    written = json.dumps(lines(logs), ensure_ascii=False) + "\n".join(r.getMessage() for r in logs.records)
    assert of_kind(logs, "request") and of_kind(logs, "task")
    for secret in (NAME, "Rahmawati", EMAIL, *PHONE_DIGITS):
        assert secret not in written


def test_an_exception_is_written_as_its_type_and_frames_without_its_message() -> None:
    try:
        raise ValueError(f"duplicate key (reporter_phone)=({PHONE})")
    except ValueError:
        record = logging.getLogger("sigap.test").makeRecord("sigap.test", logging.ERROR, __file__, 1, "failed", (),
                                                            sys.exc_info())

    line = json.loads(JsonFormatter().format(record))

    assert line["exception"]["type"] == "builtins.ValueError"
    assert line["exception"]["frames"]
    assert PHONE not in json.dumps(line)


def _log_format(**env: str) -> str:
    clean = {name: value for name, value in os.environ.items()
             if name not in ("DEBUG", "SIGAP_LOG_FORMAT", "DJANGO_SETTINGS_MODULE")}
    script = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
    done = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script], cwd=ROOT,
                          env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "x" * 50, **env},
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_production_logs_json_by_default() -> None:
    assert _log_format(DEBUG="0") == "json"


def test_a_laptop_with_debug_logs_readable_lines() -> None:
    assert _log_format(DEBUG="1") == "text"


def test_the_log_format_setting_chooses_over_the_default() -> None:
    assert _log_format(DEBUG="0", SIGAP_LOG_FORMAT="text") == "text"
