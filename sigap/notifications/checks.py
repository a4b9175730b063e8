"""Deployment checks of the outbox, run by `manage.py check --deploy`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def messages_really_leave(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Without a provider the recording fake takes every message and the outbox calls it sent: citizens would get
    nothing while every page says they were told."""
    from sigap.notifications.transports import RecordingTransport, transport_for

    if getattr(settings, "SIGAP_DEMO_MODE", False):
        return []
    faked = [channel for channel in ("whatsapp", "email") if isinstance(transport_for(channel), RecordingTransport)]
    if not faked:
        return []
    return [checks.Warning(
        f"Messages on {', '.join(faked)} are only recorded in memory, yet the outbox marks them sent.",
        hint="Set WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID (see deploy/sigap.env) so receipts reach "
             "citizens.",
        id="sigap.W003",
    )]
