"""Helpers for the WhatsApp tests: signed posts to the real webhook, the task queue run, a fake Graph API."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from django.conf import settings

from sigap.channels.webhook import signature_for

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "whatsapp"
WEBHOOK = "/channels/whatsapp/webhook"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def signatures() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "SIGNATURES.json").read_text())
    return data


def post_signed(client: Any, body: bytes, *, signature: str | None = None) -> Any:
    header = signature if signature is not None else signature_for(body, settings.WHATSAPP_APP_SECRET)
    return client.post(WEBHOOK, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=header)


def run_queued_tasks() -> None:
    """Run what the webhook and the actions enqueued, as the worker would (until the queue is empty)."""
    from django_tasks_db.models import DBTaskResult

    from sigap.channels.tasks import process_inbox
    from sigap.notifications.tasks import send_notification

    for _round in range(20):
        ready = list(DBTaskResult.objects.ready().order_by("enqueued_at", "id"))
        if not ready:
            return
        for result in ready:
            task = result.task
            if task.name == process_inbox.name or task.name == send_notification.name:
                task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
            result.delete()


_counter = iter(range(1, 1_000_000))


def ask_status(client: Any, run_on_commit: Any, tracking_id: str, wa_id: str) -> str:
    """Ask for a report's status from a WhatsApp number, as Meta delivers it; return the reply's text."""
    from sigap.notifications.models import Notification

    before = set(Notification.objects.values_list("pk", flat=True))
    with run_on_commit(execute=True):
        assert post_signed(client, message_payload(text(tracking_id), wa_id=wa_id)).status_code == 200
    run_queued_tasks()
    replies = Notification.objects.exclude(pk__in=before).filter(template="whatsapp_reply").order_by("pk")
    return str(replies.last().context["body"])


def message_payload(message: dict[str, Any], *, wa_id: str = "6281299990001", user_id: str | None = None,
                    name: str = "Wa Ode Warga") -> bytes:
    contact: dict[str, Any] = {"profile": {"name": name}, "wa_id": wa_id}
    if user_id:
        contact["user_id"] = user_id
    full = {"from": wa_id, "id": f"wamid.TEST{next(_counter):06d}", "timestamp": "1760000000", **message}
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "6200", "phone_number_id": "1"},
        "contacts": [contact], "messages": [full]}}]}]}
    return json.dumps(body).encode()


def text(body: str) -> dict[str, Any]:
    return {"type": "text", "text": {"body": body}}


def tap(reply_id: str, *, kind: str = "button_reply") -> dict[str, Any]:
    return {"type": "interactive", "interactive": {"type": kind, kind: {"id": reply_id, "title": reply_id}}}


def status_payload(wamid: str, status: str = "sent", *, callback_data: str = "", recipient: str = "6281299990005",
                   timestamp: str = "1760000000") -> bytes:
    """A status webhook as Meta sends it, with the `biz_opaque_callback_data` we sent the message with."""
    item: dict[str, Any] = {"id": wamid, "status": status, "timestamp": timestamp, "recipient_id": recipient}
    if callback_data:
        item["biz_opaque_callback_data"] = callback_data
    body = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp", "metadata": {"display_phone_number": "6200", "phone_number_id": "1"},
        "statuses": [item]}}]}]}
    return json.dumps(body).encode()


class FakeGraph:
    """Meta's Graph API on 127.0.0.1: records every request; answers media lookups, downloads and sends.

    Like Meta, it has a message once the request reached it, whether or not its answer reaches the sender. A test
    can hold the answers to sends from the `hold_from`-th on until `release` is set (a slow provider, so a worker
    can be killed mid-call); each recorded send carries the wamid it was (or would have been) given.
    """

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.media: dict[str, bytes] = {}
        self.send_failures: list[tuple[int, dict[str, Any]]] = []  # answered in order before succeeding
        self.sent = 0
        self.hold_from: int | None = None
        self.answered = 0  # successful sends whose answer was written back
        self.release = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/v21.0"

    def messages(self) -> list[dict[str, Any]]:
        return [r["json"] for r in self.requests if r["method"] == "POST" and r["path"].endswith("/messages")]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                fake.requests.append({"method": "GET", "path": self.path,
                                      "auth": self.headers.get("Authorization")})
                key = self.path.rsplit("/", 1)[-1]
                if self.path.startswith("/media/") and key in fake.media:
                    self._answer(200, fake.media[key], "image/jpeg")
                elif key in fake.media:
                    host = f"http://127.0.0.1:{fake.server.server_address[1]}"
                    self._answer(200, json.dumps({"url": f"{host}/media/{key}", "id": key}).encode())
                else:
                    self._answer(404, b'{"error": {"code": 100, "message": "unknown media"}}')

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                entry = {"method": "POST", "path": self.path, "json": json.loads(body or b"{}"),
                         "auth": self.headers.get("Authorization")}
                with fake._lock:
                    fake.requests.append(entry)
                    failure = fake.send_failures.pop(0) if fake.send_failures else None
                    if failure is None:
                        fake.sent += 1
                        number = fake.sent
                        entry["wamid"] = f"wamid.OUT{number}"
                if failure is not None:
                    self._answer(failure[0], json.dumps(failure[1]).encode())
                    return
                if fake.hold_from is not None and number >= fake.hold_from:
                    fake.release.wait(timeout=60)
                # The sender may be gone (killed, or it timed out): Meta has the message all the same.
                with contextlib.suppress(OSError):
                    self._answer(200, json.dumps({"messages": [{"id": entry["wamid"]}]}).encode())
                    fake.answered += 1

        return Handler


@contextmanager
def fake_graph() -> Iterator[FakeGraph]:
    fake = FakeGraph()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.release.set()
        fake.server.shutdown()
        fake.server.server_close()
