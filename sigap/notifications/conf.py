"""Settings of the notifications app, read with defaults so config/settings.py needs no edit."""

from __future__ import annotations

import json
import os
from datetime import timedelta

from django.conf import settings


def unconfirmed_after() -> timedelta:
    """How long a row may stay "sending" without the provider confirming it before a person is asked to look."""
    minutes = getattr(settings, "SIGAP_NOTIFICATION_UNKNOWN_MINUTES",
                      int(os.environ.get("SIGAP_NOTIFICATION_UNKNOWN_MINUTES", "60")))
    return timedelta(minutes=int(minutes))


def recording_file() -> str:
    """Where the cross-process recording fake writes (fault tests point it at a temp file)."""
    return str(getattr(settings, "SIGAP_RECORDING_TRANSPORT_FILE",
                       os.environ.get("SIGAP_RECORDING_TRANSPORT_FILE", "")))


def notification_sweep_minutes() -> int:
    return int(getattr(settings, "SIGAP_NOTIFICATION_SWEEP_MINUTES",
                       os.environ.get("SIGAP_NOTIFICATION_SWEEP_MINUTES", "10")))


def task_claim_sweep_minutes() -> int:
    """How often abandoned task claims are looked for; a killed worker's task waits at most timeout + this."""
    return int(getattr(settings, "SIGAP_TASK_CLAIM_SWEEP_MINUTES",
                       os.environ.get("SIGAP_TASK_CLAIM_SWEEP_MINUTES", "1")))


def deadline_sweep_hour() -> int:
    """Local (WITA) hour of the daily deadline sweep: before offices open, so the day starts with the ladder current."""
    return int(getattr(settings, "SIGAP_DEADLINE_SWEEP_HOUR", os.environ.get("SIGAP_DEADLINE_SWEEP_HOUR", "6")))


def transport_overrides() -> dict[str, str]:
    """Channel -> transport class path from the environment (JSON), e.g. for a worker started by a fault test."""
    raw = os.environ.get("SIGAP_NOTIFICATION_TRANSPORTS", "")
    if not raw:
        return {}
    value = json.loads(raw)
    return {str(key): str(path) for key, path in value.items()} if isinstance(value, dict) else {}


def recording_delay_seconds() -> float:
    """Simulated provider latency of the recording fake, so a fault test can kill a worker mid-send."""
    return float(os.environ.get("SIGAP_RECORDING_DELAY_MS", "0")) / 1000
