"""A small client for the WhatsApp Cloud API (Graph API): send a message, download a media file.

HTTP 429 and 5xx (Meta answered: it did not take the message) and failures before the request could reach Meta
(the connection could not be opened) raise TransientError, so the outbox retries with backoff; other 4xx raise
PermanentError carrying Meta's error code, e.g. 131047 when the 24-hour window has closed. A send whose answer never
came (a timeout, a connection cut mid-request) raises DeliveryUnknown: Meta may have the message, and the Cloud API
cannot be asked, so only a status callback can tell (docs/delivery-guarantees.md).
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from sigap.channels import conf
from sigap.notifications.transports import DeliveryUnknown, PermanentError, TransientError


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
    except (urllib.error.URLError, OSError, TimeoutError, http.client.HTTPException) as error:
        raise TransientError(f"graph unreachable: {error}") from error
    if len(body) > limit:
        raise GraphError("graph response too large")
    return body


def _post_once(url: str, payload: bytes, *, limit: int = 1_000_000) -> bytes:
    """POST a message so that a failure says whether Meta may have it.

    The connection (and a proxy's CONNECT tunnel) is opened first: failing there, nothing left us, so the outbox
    may retry (TransientError). Once the request is being written, a failure (timeout, cut connection, a torn
    answer) leaves Meta possibly holding the message: DeliveryUnknown, never retried by a machine.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise GraphError("only http(s) URLs are fetched")
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    connection_class = http.client.HTTPSConnection if secure else http.client.HTTPConnection
    proxy = urllib.request.getproxies().get("https") if secure else None  # as urllib would, through CONNECT
    if proxy and not urllib.request.proxy_bypass(parts.hostname):
        proxy_parts = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        connection = connection_class(proxy_parts.hostname or "", proxy_parts.port, timeout=conf.http_timeout())
        connection.set_tunnel(parts.hostname, port)
    else:
        connection = connection_class(parts.hostname, port, timeout=conf.http_timeout())
    headers = {"Authorization": f"Bearer {conf.access_token()}", "Content-Type": "application/json",
               "Content-Length": str(len(payload))}
    try:
        try:
            connection.connect()
        except (OSError, http.client.HTTPException) as error:
            raise TransientError(f"graph unreachable: {error}") from error
        try:
            connection.request("POST", parts.path + (f"?{parts.query}" if parts.query else ""), body=payload,
                               headers=headers)
            response = connection.getresponse()
            status, body = response.status, response.read(limit + 1)
        except (OSError, http.client.HTTPException) as error:
            raise DeliveryUnknown(f"graph did not answer: {type(error).__name__}: {error}") from error
    finally:
        connection.close()
    if status == 429 or status >= 500:
        # Meta answered with an error: it did not take the message.
        raise TransientError(f"graph {status}: {body[:500]!r}")
    if status >= 400:
        code, message = _error_of(body[:20_000])
        raise GraphError(f"graph {status} ({code}): {message}", code=code, status=status)
    if len(body) > limit:
        raise DeliveryUnknown("graph answer too large")
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


def send_message(address: str, message: dict[str, Any], *, callback_data: str = "") -> str:
    """POST /<phone-number-id>/messages; returns the wamid.

    `callback_data` goes as `biz_opaque_callback_data` (at most 512 characters), which Meta repeats in every status
    callback of the message, so a callback finds its outbox row even when the wamid never reached our database.
    """
    payload = {"messaging_product": "whatsapp", "recipient_type": "individual", **recipient_fields(address),
               **message}
    if callback_data:
        payload["biz_opaque_callback_data"] = callback_data[:512]
    body = _post_once(f"{conf.api_base()}/{conf.phone_number_id()}/messages", json.dumps(payload).encode())
    try:
        return str(json.loads(body)["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError) as error:
        # A 2xx means Meta took it; without the id only the callbacks (matched by callback_data) can confirm it.
        raise DeliveryUnknown("graph answered without a message id") from error


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
