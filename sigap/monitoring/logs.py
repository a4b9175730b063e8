"""One JSON object per log line, for production; and the request path as it may be logged.

No personal data reaches a line: request lines carry the method, the path without its query string (secret link
tokens masked, a path no route matches left out), the status and the time; task lines the task's name, id, outcome
and time. An exception is written as its type and the frames it passed through, without its message, which may
quote the data being handled (a database error names the duplicate value). The full traceback of a failed task
stays in its queue row, which only the admin shows.
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve

from sigap.monitoring import context

# URL parameters that are secrets (a reporter's link, a follower's confirmation): masked wherever a path is logged.
SECRET_PARAMETERS = frozenset({"token"})
MASK = ":token"
UNMATCHED = "(unmatched)"


def safe_path(request: HttpRequest) -> str:
    """The path without its query string, secret segments masked. A path no route matches is not written at all:
    what a client typed there is free text (a phone number, a name); static files are named by us."""
    path = request.path
    if path.startswith(f"/{settings.STATIC_URL.strip('/')}/"):
        return path
    match = getattr(request, "resolver_match", None)
    if match is None:  # answered by a middleware before the view (a redirect, a 413): resolve it here
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return UNMATCHED
    for name, value in match.kwargs.items():
        if name in SECRET_PARAMETERS and value:
            path = path.replace(f"/{value}", f"/{MASK}")
    return path


def _frames(exc_info: Any) -> dict[str, Any]:
    kind, _error, tb = exc_info
    frames = [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in traceback.extract_tb(tb)]
    return {"type": f"{kind.__module__}.{kind.__qualname__}" if kind else "", "frames": frames[-20:]}


def install_record_factory() -> None:
    """Stamp every log record with the request id when it is made, in the thread and context that made it: a
    handler that formats later or elsewhere (a queue, a test's capture) still writes the right id."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "sigap_request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        record.request_id = context.current()
        return record

    factory.sigap_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class JsonFormatter(logging.Formatter):
    """`{"time", "level", "logger", "message", "request_id", …the line's own fields}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self._message(record),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            line["request_id"] = request_id
        fields = getattr(record, "sigap", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = _frames(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)

    @staticmethod
    def _message(record: logging.LogRecord) -> str:
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            # django.request's own lines ("Internal Server Error: /path") would carry the raw path.
            return f"{record.msg.split(':', 1)[0]}: {safe_path(request)}" if isinstance(record.msg, str) else ""
        return record.getMessage()
