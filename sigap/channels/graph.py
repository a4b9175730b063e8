"""A small client for the WhatsApp Cloud API (Graph API): send a message, download a media file.

HTTP 429 and 5xx and network failures raise TransientError (the outbox retries with backoff); other 4xx raise
PermanentError carrying Meta's error code, e.g. 131047 when the 24-hour window has closed.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from sigap.channels import conf
from sigap.notifications.transports import PermanentError, TransientError


class GraphError(PermanentError):
    def __init__(self, message: str, *, code: int | None = None, status: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


def _request(url: str, *, data: bytes | None = None, content_type: str = "", limit: int = 1_000_000) -> bytes:
    headers = {"Authorization": f"Bearer {conf.access_token()}"}
    if content_type:
        headers["Content-Type"] = content_type
    if not url.startswith(("https://", "http://")):
        raise GraphError("only http(s) URLs are fetched")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=conf.http_timeout()) as response:  # noqa: S310
            body: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        text = error.read(20_000)
        if error.code == 429 or error.code >= 500:
            raise TransientError(f"graph {error.code}: {text[:500]!r}") from error
        code, message = _error_of(text)
        raise GraphError(f"graph {error.code} ({code}): {message}", code=code, status=error.code) from error
    except (urllib.error.URLError, OSError, TimeoutError) as error:
        raise TransientError(f"graph unreachable: {error}") from error
    if len(body) > limit:
        raise GraphError("graph response too large")
    return body


def _error_of(text: bytes) -> tuple[int | None, str]:
    try:
        error = json.loads(text).get("error", {})
        return (int(error["code"]) if "code" in error else None), str(error.get("message", ""))[:300]
    except (ValueError, AttributeError, TypeError):
        return None, text[:300].decode("utf-8", "replace")


def recipient_fields(address: str) -> dict[str, str]:
    """Phone-less people are addressed by their business-scoped user id."""
    if address.upper().startswith("US."):
        return {"recipient": address}
    return {"to": "".join(ch for ch in address if ch.isdigit())}


def send_message(address: str, message: dict[str, Any]) -> str:
    """POST /<phone-number-id>/messages; returns the wamid."""
    payload = {"messaging_product": "whatsapp", "recipient_type": "individual", **recipient_fields(address),
               **message}
    body = _request(f"{conf.api_base()}/{conf.phone_number_id()}/messages", data=json.dumps(payload).encode(),
                    content_type="application/json")
    try:
        return str(json.loads(body)["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise TransientError("graph answer without a message id") from error


def download_media(media_id: str) -> bytes:
    """GET /<media-id> for a short-lived URL, then GET that URL with the same bearer token."""
    if not media_id or not all(ch.isalnum() or ch in "._-" for ch in media_id):
        raise GraphError("bad media id")
    meta = json.loads(_request(f"{conf.api_base()}/{media_id}"))
    url = meta.get("url") if isinstance(meta, dict) else None
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise GraphError("media without url")
    return _request(url, limit=conf.max_media_bytes())


def text_message(body: str) -> dict[str, Any]:
    return {"type": "text", "text": {"preview_url": False, "body": body[:4096]}}


def buttons_message(body: str, buttons: list[dict[str, str]]) -> dict[str, Any]:
    return {"type": "interactive", "interactive": {
        "type": "button", "body": {"text": body[:1024]},
        "action": {"buttons": [{"type": "reply", "reply": {"id": b["id"][:256], "title": b["title"][:20]}}
                               for b in buttons[:3]]}}}


def list_message(body: str, button: str, rows: list[dict[str, str]]) -> dict[str, Any]:
    return {"type": "interactive", "interactive": {
        "type": "list", "body": {"text": body[:4096]},
        "action": {"button": button[:20], "sections": [{"title": button[:24], "rows": [
            {"id": r["id"][:200], "title": r["title"][:24],
             **({"description": r["description"][:72]} if r.get("description") else {})}
            for r in rows[:10]]}]}}}


def template_message(name: str, language: str, parameters: list[str]) -> dict[str, Any]:
    template: dict[str, Any] = {"name": name, "language": {"code": language}}
    if parameters:
        template["components"] = [{"type": "body", "parameters": [
            {"type": "text", "text": value[:1000] or "-"} for value in parameters]}]
    return {"type": "template", "template": template}
