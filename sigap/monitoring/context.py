"""The id of the request being served, or of the request a running task came from.

A contextvar, so each gunicorn thread has its own; the task queue carries it into the worker (`task_log`), and the
log formatter writes it on every line, so an operator follows one report from its POST into each of its tasks.
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar, Token

_request_id: ContextVar[str | None] = ContextVar("sigap_request_id", default=None)


def new_request_id() -> str:
    # Always ours, never a client's header: a header is free text, and a phone number sent as one would be logged.
    return uuid.uuid4().hex


def current() -> str | None:
    return _request_id.get()


def bind(request_id: str | None) -> Token[str | None]:
    return _request_id.set(request_id)


def reset(token: Token[str | None]) -> None:
    _request_id.reset(token)
