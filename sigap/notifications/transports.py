"""How a message leaves Sigap. Email uses Django's backend; WhatsApp's real sender lives in sigap.channels.

`RecordingTransport` is the fake at the edge of the world: it records every message it was asked to send and
ignores a repeated idempotency key, like a provider that deduplicates, so tests can count exactly-once delivery.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from sigap.notifications.messages import render
from sigap.notifications.models import Notification


class TransientError(Exception):
    """Worth retrying later (network, 429, 5xx)."""


class PermanentError(Exception):
    """Retrying will not help (bad address, rejected template)."""


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str = ""


class Transport(Protocol):
    def send(self, notification: Notification) -> SendResult: ...


class EmailTransport:
    def send(self, notification: Notification) -> SendResult:
        subject, body = render(notification.template, notification.context)
        try:
            send_mail(subject, body, None, [notification.recipient_address], fail_silently=False)
        except (OSError, TimeoutError) as error:
            raise TransientError(str(error)) from error
        return SendResult()


class RecordingTransport:
    """Records what it was asked to send (shared per process, so tests can assert on it)."""

    sent: list[dict[str, str]] = []
    keys: set[str] = set()
    _lock = threading.Lock()

    def send(self, notification: Notification) -> SendResult:
        _subject, body = render(notification.template, notification.context)
        with self._lock:
            if notification.idempotency_key not in self.keys:
                self.keys.add(notification.idempotency_key)
                self.sent.append({"channel": notification.channel, "to": notification.recipient_address,
                                  "template": notification.template, "body": body,
                                  "key": notification.idempotency_key})
        return SendResult(provider_message_id=f"fake-{notification.pk}")

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.sent.clear()
            cls.keys.clear()


DEFAULT_TRANSPORTS = {
    "email": "sigap.notifications.transports.EmailTransport",
    "whatsapp": "sigap.notifications.transports.RecordingTransport",
}


def transport_for(channel: str) -> Transport:
    from sigap.notifications.conf import transport_overrides

    paths = {**DEFAULT_TRANSPORTS, **getattr(settings, "SIGAP_NOTIFICATION_TRANSPORTS", {}), **transport_overrides()}
    transport: Transport = import_string(paths[channel])()
    return transport
