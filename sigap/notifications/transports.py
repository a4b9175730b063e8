"""How a message leaves Sigap. Email uses Django's backend; WhatsApp's real sender lives in sigap.channels.

A transport tells three failures apart, because only one of them may be retried by a machine (see
docs/delivery-guarantees.md): the provider refused it (`PermanentError`), it never reached the provider or the
provider said "try later" (`TransientError`), or it may have reached the provider and we cannot tell
(`DeliveryUnknown`: a timeout, a connection cut after the request went out).

`RecordingTransport` is the fake at the edge of the world: it records every message it was asked to send and
ignores a repeated idempotency key, like a provider that deduplicates, so tests can count exactly-once delivery.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import threading
from dataclasses import dataclass
from email.utils import make_msgid
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

from sigap.notifications.messages import render
from sigap.notifications.models import Notification


class TransientError(Exception):
    """Worth retrying later (network, 429, 5xx)."""


class PermanentError(Exception):
    """Retrying will not help (bad address, rejected template)."""


class DeliveryUnknown(Exception):
    """The provider may have the message (a timeout, a cut after the request went out): never resent by itself."""


# Failures that happen before the provider could have the message: safe to try again.
NOT_HANDED_OVER = (ConnectionRefusedError, socket.gaierror)


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str = ""


class Transport(Protocol):
    def send(self, notification: Notification) -> SendResult: ...


class EmailTransport:
    """SMTP through Django's backend. SMTP has no way to ask whether a message arrived, so once the server may have
    it (anything after the connection is open that is not an explicit refusal) the outcome is unknown."""

    def send(self, notification: Notification) -> SendResult:
        subject, body = render(notification.template, notification.context)
        message_id = make_msgid(domain="sigap")
        message = EmailMessage(subject, body, None, [notification.recipient_address],
                               headers={"Message-ID": message_id})
        connection = get_connection(fail_silently=False)
        try:
            connection.open()  # nothing is handed over until this succeeds
        except (smtplib.SMTPException, OSError) as error:
            raise TransientError(f"smtp unreachable: {error}") from error
        try:
            connection.send_messages([message])
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentError(f"smtp refused the recipient: {error}") from error
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            # An explicit refusal: the server does not have the message. 5xx is final, 4xx is "try later".
            if 500 <= error.smtp_code < 600:
                raise PermanentError(f"smtp refused: {error}") from error
            raise TransientError(f"smtp refused for now: {error}") from error
        except (*NOT_HANDED_OVER,) as error:
            raise TransientError(f"smtp unreachable: {error}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryUnknown(f"smtp interrupted mid-send: {type(error).__name__}: {error}") from error
        finally:
            # The message is sent or not by now; a failing QUIT does not change that.
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()
        return SendResult(provider_message_id=message_id)


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
