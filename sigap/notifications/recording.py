"""A recording fake provider that keeps its log in a file, so several worker processes (and a test) share it.

Like a real provider given an idempotency key, it delivers a key once and acknowledges repeats without delivering
them again; every call is logged, so a test can count both attempts and deliveries per key.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections import Counter
from pathlib import Path

from sigap.notifications.conf import recording_delay_seconds, recording_file
from sigap.notifications.messages import render
from sigap.notifications.models import Notification
from sigap.notifications.transports import SendResult


class FileRecordingTransport:
    def __init__(self, path: str | None = None) -> None:
        self.path = Path(path or recording_file() or "var/recorded_messages.jsonl")

    def send(self, notification: Notification) -> SendResult:
        _subject, body = render(notification.template, notification.context)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                delivered = {entry["key"] for entry in map(json.loads, handle) if entry["delivered"]}
                duplicate = notification.idempotency_key in delivered
                handle.write(json.dumps({"key": notification.idempotency_key, "to": notification.recipient_address,
                                         "channel": notification.channel, "template": notification.template,
                                         "body": body, "delivered": not duplicate, "pid": os.getpid()}) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        # The provider has the message but its answer is still on the way: a crash here is the window where a
        # sender that trusts only its own database would send twice.
        delay = recording_delay_seconds()
        if delay:
            time.sleep(delay)
        return SendResult(provider_message_id=f"file-{notification.idempotency_key}")


def read_log(path: str | Path) -> list[dict[str, object]]:
    file = Path(path)
    if not file.exists():
        return []
    with open(file, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def deliveries_per_key(path: str | Path) -> Counter[str]:
    return Counter(str(entry["key"]) for entry in read_log(path) if entry["delivered"])
