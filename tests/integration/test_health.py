from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import OperationalError, connection

from sigap.core import readiness
from sigap.notifications.models import RecurringSweep
from sigap.notifications.sweeps import ensure_scheduled, run_sweep_now
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_healthz_answers_when_the_process_is_up(client) -> None:
    assert client.get("/healthz").status_code == 200


def test_readyz_answers_when_the_database_answers(client) -> None:
    assert client.get("/readyz").status_code == 200


def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch) -> None:
    def broken_cursor(*args, **kwargs):
        raise OperationalError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"status": "unavailable", "error": "OperationalError"}


def test_readyz_reports_each_dependency_in_its_body(client) -> None:
    # When everything answers (local-memory cache, migrated database, nothing overdue)
    body = client.get("/readyz").json()

    # Then the body names each dependency of the contract with its state
    assert body["status"] == "ok"
    assert {name: state["status"] for name, state in body["checks"].items()} == {
        "database": "ok", "cache": "ok", "worker": "ok", "outbox": "ok"}


def test_home_page_is_in_indonesian_and_names_the_city(client) -> None:
    page = client.get("/").content.decode()

    assert "Kota Baubau" in page
    assert 'lang="id"' in page


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_endpoints_answer_plain_http_when_https_is_enforced(client, settings, path: str) -> None:
    # Given production's HTTPS redirect (the test settings run with DEBUG on, so turn it on here)
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True

    # When a load balancer checks over plain HTTP
    response = client.get(path)

    # Then it is answered, not redirected
    assert response.status_code == 200


def test_other_pages_still_redirect_plain_http_to_https(client, settings) -> None:
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_readyz_says_the_worker_is_late_and_the_outbox_backs_up_when_no_worker_runs(client) -> None:
    # Given a report filed at 09:00 WITA, whose follow-up tasks and acknowledgement are owed at once
    filed_at = datetime(2026, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    with time_machine.travel(filed_at, tick=False):  # the task queue stamps rows with the clock
        make_report(now=filed_at)

    # When readiness is asked twenty minutes later and no worker has taken anything
    ready, body = readiness.report(filed_at + timedelta(minutes=20))

    # Then the process is still ready (the database answers) and the body says what is behind
    assert ready
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["status"] == "late"
    assert body["checks"]["worker"]["oldest_due_seconds"] >= 20 * 60
    assert body["checks"]["outbox"]["status"] == "backlog"
    assert body["checks"]["outbox"]["overdue"] >= 1


def test_readyz_gives_the_worker_heartbeat_as_the_age_of_the_last_sweep_run(frozen_now) -> None:
    # Given the sweeps scheduled and one run by a worker three minutes ago
    ensure_scheduled(now=frozen_now - timedelta(hours=2))
    row = RecurringSweep.objects.get(name="intake_keys")
    run_sweep_now("intake_keys", row.next_run_at, now=frozen_now - timedelta(minutes=3))

    # When readiness is asked now
    ready, body = readiness.report(frozen_now)

    # Then the worker's entry says how long ago a worker last ran a sweep
    assert ready
    assert body["checks"]["worker"]["heartbeat_seconds"] == 180


def test_readyz_gives_the_outbox_lag_as_the_age_of_the_oldest_owed_message(frozen_now) -> None:
    # Given a report filed ten minutes ago whose receipts are still owed
    make_report(now=frozen_now - timedelta(minutes=10))

    # When readiness is asked now
    _ready, body = readiness.report(frozen_now)

    # Then the outbox's entry carries the lag (not yet a backlog: the retries have 15 minutes)
    assert body["checks"]["outbox"]["oldest_owed_seconds"] == 600
    assert body["checks"]["outbox"]["status"] == "ok"
