"""/metrics: Prometheus text for the bearer of SIGAP_METRICS_TOKEN only, with figures true to the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from prometheus_client.parser import text_string_to_metric_families

from sigap.dashboard.aggregates import catch_up
from sigap.notifications.models import Notification, NotificationStatus, RecurringSweep
from sigap.notifications.sweeps import ensure_scheduled, run_sweep_now
from sigap.organization.models import Unit
from sigap.reports import actions
from tests.factories import make_report, photo
from tests.integration.whatsapp_support import message_payload, post_signed, text

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-tests-0123456789"
FAMILIES = {
    "sigap_http_requests", "sigap_reports_received", "sigap_task_queue_depth", "sigap_task_queue_oldest_due_seconds",
    "sigap_outbox_messages", "sigap_outbox_oldest_owed_seconds", "sigap_outbox_overdue",
    "sigap_whatsapp_template_failures_24h", "sigap_whatsapp_inbox_unprocessed", "sigap_whatsapp_inbox_lag_seconds",
    "sigap_reports_overdue", "sigap_reports_open", "sigap_sweep_last_run_timestamp_seconds",
    "sigap_sweep_next_run_timestamp_seconds",
}


@pytest.fixture
def token(settings: Any) -> str:
    settings.SIGAP_METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client: Any, token: str = TOKEN) -> Any:
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")


def samples(client: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = scrape(client)
    assert response.status_code == 200
    found = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def test_metrics_is_404_without_a_token(client, token) -> None:
    assert client.get("/metrics").status_code == 404


def test_metrics_is_404_with_a_wrong_token(client, token) -> None:
    assert scrape(client, token="metrics-token-for-tests-0123456788").status_code == 404


def test_metrics_is_404_with_the_token_in_another_scheme(client, token) -> None:
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 404


def test_metrics_is_off_while_the_token_setting_is_empty(client, settings) -> None:
    # Given no token configured, even a request with an empty bearer (which would match the empty setting)
    settings.SIGAP_METRICS_TOKEN = ""

    # Then the endpoint does not exist
    assert scrape(client, token="").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_metrics_with_the_right_token_is_prometheus_text_with_every_family(client, token) -> None:
    client.get("/healthz")  # one request counted, so the request counter has a sample

    response = scrape(client)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    assert response["Cache-Control"] == "no-store"
    names = {family.name for family in text_string_to_metric_families(response.content.decode())}
    assert names >= FAMILIES


def test_requests_are_counted_by_status(client, token) -> None:
    before = samples(client).get(("sigap_http_requests_total", (("status", "404"),)), 0.0)

    client.get("/no-such-page/")
    client.get("/no-such-page/either/")

    assert samples(client)[("sigap_http_requests_total", (("status", "404"),))] == before + 2


def test_intake_is_counted_per_channel_over_the_last_hour_and_day(client, token, frozen_now) -> None:
    # Given a WhatsApp report 30 minutes ago, a web report 5 hours ago and one from last week
    make_report(now=frozen_now - timedelta(minutes=30), channel="whatsapp")
    make_report(now=frozen_now - timedelta(hours=5))
    make_report(now=frozen_now - timedelta(days=7))

    found = samples(client)

    assert found[("sigap_reports_received", (("channel", "whatsapp"), ("window", "1h")))] == 1
    assert found[("sigap_reports_received", (("channel", "whatsapp"), ("window", "24h")))] == 1
    assert found[("sigap_reports_received", (("channel", "web"), ("window", "1h")))] == 0
    assert found[("sigap_reports_received", (("channel", "web"), ("window", "24h")))] == 1
    assert found[("sigap_reports_received", (("channel", "api"), ("window", "24h")))] == 0


def test_queue_depth_and_oldest_waiting_task_count_what_no_worker_took(client, token, frozen_now) -> None:
    # Given a report filed ten minutes ago with no worker running (its intake task is due at once)
    with time_machine.travel(frozen_now - timedelta(minutes=10), tick=False):  # the queue stamps rows with the clock
        make_report(now=frozen_now - timedelta(minutes=10))

    found = samples(client)

    assert found[("sigap_task_queue_depth", ())] >= 1
    assert found[("sigap_task_queue_oldest_due_seconds", ())] == 600


def test_outbox_counts_owed_and_failed_messages_and_the_oldest_owed(client, token, frozen_now) -> None:
    # Given a report filed an hour ago whose receipts (e-mail and WhatsApp) are owed, one of them failed since
    make_report(now=frozen_now - timedelta(hours=1))
    owed = Notification.objects.filter(status=NotificationStatus.PENDING)
    owed_email = owed.filter(channel="email").count()
    owed.filter(channel="whatsapp").update(status=NotificationStatus.FAILED, last_error="graph 400 (131026): x",
                                           updated_at=frozen_now)

    found = samples(client)

    assert found[("sigap_outbox_messages", (("channel", "email"), ("status", "pending")))] == owed_email >= 1
    assert found[("sigap_outbox_messages", (("channel", "whatsapp"), ("status", "pending")))] == 0
    assert found[("sigap_outbox_messages", (("channel", "whatsapp"), ("status", "failed")))] >= 1
    assert found[("sigap_outbox_oldest_owed_seconds", ())] == 3600
    assert found[("sigap_outbox_overdue", ())] == owed_email
    assert found[("sigap_whatsapp_template_failures_24h", ())] == 0  # 131026 is an unreachable number, not a template


@pytest.mark.parametrize("error", ["graph 400 (132001): template name does not exist in the translation",
                                   "132015 Template is paused",
                                   "outside the 24-hour window and no approved template for 'report_resolved'"])
def test_a_whatsapp_message_failed_for_its_template_is_counted(client, token, frozen_now, error: str) -> None:
    make_report(now=frozen_now - timedelta(hours=1))
    Notification.objects.filter(channel="whatsapp").update(status=NotificationStatus.FAILED, last_error=error,
                                                           updated_at=frozen_now - timedelta(hours=2))

    assert samples(client)[("sigap_whatsapp_template_failures_24h", ())] >= 1


def test_webhook_inbox_lag_is_the_age_of_the_oldest_unprocessed_item(client, token, frozen_now) -> None:
    # Given a WhatsApp message stored by the webhook four minutes ago and not processed (no worker)
    with time_machine.travel(frozen_now - timedelta(minutes=4), tick=False):
        assert post_signed(client, message_payload(text("halo"))).status_code == 200

    found = samples(client)

    assert found[("sigap_whatsapp_inbox_unprocessed", ())] == 1
    assert found[("sigap_whatsapp_inbox_lag_seconds", ())] == 240


def test_reports_overdue_now_are_counted_per_lead_unit(client, token, user, frozen_now) -> None:
    # Given two reports dispatched to PUPR a month ago (deadlines long past), one of them resolved, and a fresh one
    month_ago = frozen_now - timedelta(days=30)
    pupr = Unit.objects.get(code="pupr")
    for _ in range(2):
        report = make_report(now=month_ago)
        actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=pupr, now=month_ago)
    actions.resolve_report(report=report, by=user("petugas.pupr"), message="Sudah diperbaiki", photo=photo(),
                           now=month_ago + timedelta(days=1))
    make_report(now=frozen_now - timedelta(minutes=5))
    catch_up()  # the dashboards' facts, as the aggregates sweep folds them every minute

    found = samples(client)

    assert found[("sigap_reports_overdue", (("unit", "pupr"),))] == 1
    assert found[("sigap_reports_open", (("unit", "pupr"),))] == 1
    assert found[("sigap_reports_overdue", (("unit", "none"),))] == 0
    assert found[("sigap_reports_open", (("unit", "none"),))] == 1


def test_sweep_last_run_times_are_exported_per_sweep(client, token, frozen_now) -> None:
    # Given the sweeps scheduled and the intake-keys sweep run a minute ago
    ensure_scheduled(now=frozen_now - timedelta(hours=2))
    row = RecurringSweep.objects.get(name="intake_keys")
    ran_at = frozen_now - timedelta(minutes=1)
    run_sweep_now("intake_keys", row.next_run_at, now=ran_at)

    found = samples(client)

    assert found[("sigap_sweep_last_run_timestamp_seconds", (("sweep", "intake_keys"),))] == ran_at.timestamp()
    assert found[("sigap_sweep_last_run_timestamp_seconds", (("sweep", "deadlines"),))] == 0
    next_run = RecurringSweep.objects.get(name="intake_keys").next_run_at
    assert found[("sigap_sweep_next_run_timestamp_seconds", (("sweep", "intake_keys"),))] == next_run.timestamp()


def _scrape_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert scrape(client).status_code == 200
    return len(queries)


def seed(now: datetime, count: int, user: Any) -> None:
    for n in range(count):
        report = make_report(now=now - timedelta(days=n + 1), channel=["web", "whatsapp", "api"][n % 3])
        if n % 2:
            actions.dispatch_report(report=report, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"),
                                    now=now - timedelta(days=n + 1))
    catch_up()


def test_a_scrape_costs_a_few_queries_whatever_the_number_of_reports(client, token, user, frozen_now) -> None:
    # Given a small city state, then one six times as large
    ensure_scheduled(now=frozen_now)
    seed(frozen_now, 2, user)
    small = _scrape_queries(client)
    seed(frozen_now, 12, user)

    # When each is scraped, then both cost the same handful of queries (no query per report, unit or message)
    assert _scrape_queries(client) == small <= 8
