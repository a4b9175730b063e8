"""WhatsApp settings, read at call time so tests can override them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

DEFAULT_API_BASE = "https://graph.facebook.com/v21.0"


def access_token() -> str:
    return str(getattr(settings, "WHATSAPP_ACCESS_TOKEN", ""))


def phone_number_id() -> str:
    return str(getattr(settings, "WHATSAPP_PHONE_NUMBER_ID", ""))


def app_secret() -> str:
    return str(getattr(settings, "WHATSAPP_APP_SECRET", ""))


def verify_token() -> str:
    return str(getattr(settings, "WHATSAPP_VERIFY_TOKEN", ""))


def api_base() -> str:
    return str(getattr(settings, "WHATSAPP_API_BASE", DEFAULT_API_BASE) or DEFAULT_API_BASE).rstrip("/")


def max_body_bytes() -> int:
    """Meta batches at most a few items per POST; anything far larger is not a real webhook."""
    return int(getattr(settings, "WHATSAPP_MAX_BODY_BYTES", 256 * 1024))


def conversation_timeout() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "WHATSAPP_CONVERSATION_TIMEOUT_MINUTES", 30)))


def service_window() -> timedelta:
    return timedelta(hours=int(getattr(settings, "WHATSAPP_SERVICE_WINDOW_HOURS", 24)))


def min_gap_per_recipient() -> timedelta:
    """Meta throttles bursts to one user (error 131056); space our messages to one person."""
    return timedelta(milliseconds=int(getattr(settings, "WHATSAPP_MIN_GAP_MS", 1000)))


def http_timeout() -> float:
    return float(getattr(settings, "WHATSAPP_HTTP_TIMEOUT", 10))


def max_media_bytes() -> int:
    return int(getattr(settings, "WHATSAPP_MAX_MEDIA_BYTES", 10 * 1024 * 1024))


def conversation_sweep_every() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "WHATSAPP_CONVERSATION_SWEEP_MINUTES", 5)))


def inbox_sweep_every() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "WHATSAPP_INBOX_SWEEP_MINUTES", 2)))


def inbox_stale_after() -> timedelta:
    """An unprocessed item older than this lost its task: the worker normally takes it within a second."""
    return timedelta(minutes=int(getattr(settings, "WHATSAPP_INBOX_STALE_MINUTES", 2)))


def inbox_retention() -> timedelta:
    """How long a WhatsApp message's personal payload (and a silent citizen's contact) is kept."""
    return timedelta(days=int(getattr(settings, "SIGAP_WHATSAPP_INBOX_RETENTION_DAYS", 90)))

