"""Kill -9 a real worker while it sends a batch, start it again: every owed message is delivered exactly once.

The fake provider logs to a file shared by all processes and, like a real provider, delivers an idempotency key
once; a crash between the provider call and the database update leaves the row "sending", the outbox sweep
retries it, and the repeated key is acknowledged without a second delivery.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from sigap.notifications.models import Notification, NotificationStatus
from sigap.notifications.outbox import owe
from sigap.notifications.recording import deliveries_per_key, read_log
from sigap.notifications.tasks import sweep_notifications
from tests.integration.worker_support import (  # the reference_* fixtures apply to every test here
    ROOT,
    database_url,
    reference_after_worker_tests,  # noqa: F401
    reference_for_worker_tests,  # noqa: F401
    worker_command,
    worker_env,
)

pytestmark = pytest.mark.django_db(transaction=True)
OWED = 30
FILE_TRANSPORT = json.dumps({"whatsapp": "sigap.notifications.recording.FileRecordingTransport",
                             "email": "sigap.notifications.recording.FileRecordingTransport"})


def wait_until(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.05)


def test_killing_the_worker_mid_batch_still_delivers_every_message_exactly_once(tmp_path: Path) -> None:
    if database_url() is None:
        pytest.skip("needs a database a worker subprocess can open: run on PostgreSQL")
    log = tmp_path / "sent.jsonl"
    with transaction.atomic():
        for number in range(OWED):
            owe(channel="whatsapp", address=f"+62812000{number:05d}", template="report_received",
                context={"tracking_id": f"BBU-FAULT{number}", "title": "x", "reporter_url": "http://x"},
                key=f"fault:{number}")
    env = worker_env(SIGAP_NOTIFICATION_TRANSPORTS=FILE_TRANSPORT, SIGAP_RECORDING_TRANSPORT_FILE=str(log),
                     SIGAP_RECORDING_DELAY_MS="150")
    worker = subprocess.Popen(worker_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: len(read_log(log)) >= 5)
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.wait(timeout=30)
    unsent = Notification.objects.exclude(status=NotificationStatus.SENT).count()
    assert 0 < unsent < OWED, "the worker died in the middle of the batch"
    # Rows left "sending" whose message the provider already has: the crash between provider and database.
    in_flight = set(Notification.objects.filter(status=NotificationStatus.SENDING)
                    .values_list("idempotency_key", flat=True))
    delivered_but_unrecorded = in_flight & set(deliveries_per_key(log))

    sweep_notifications.enqueue()
    restarted = subprocess.run(worker_command("--batch"), cwd=ROOT, timeout=180, capture_output=True,
                               env={**env, "SIGAP_NOTIFICATION_STALE_SECONDS": "0", "SIGAP_RECORDING_DELAY_MS": "0"})
    assert restarted.returncode == 0, restarted.stderr.decode()[-2000:]

    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == OWED
    delivered = deliveries_per_key(log)
    assert set(delivered) == {f"fault:{number}" for number in range(OWED)}
    assert set(delivered.values()) == {1}
    # each of those was retried and acknowledged as a repeat by its key, never delivered a second time
    repeats = {str(entry["key"]) for entry in read_log(log) if not entry["delivered"]}
    assert repeats == delivered_but_unrecorded
