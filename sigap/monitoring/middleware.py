"""First in, last out: every request gets an id, one log line and a count by status."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from sigap.monitoring import context
from sigap.monitoring.logs import safe_path
from sigap.monitoring.metrics import REQUESTS

logger = logging.getLogger("sigap.request")


class RequestMiddleware:
    """Outermost, so the line and the count include what other middleware refused (a 413, an HTTPS redirect)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = context.new_request_id()
        token = context.bind(request_id)
        started = time.perf_counter()
        try:
            # Django turns a view's exception into a 500 response inside get_response, so one always comes back.
            response = self.get_response(request)
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            response["X-Request-ID"] = request_id
            REQUESTS.labels(status=str(response.status_code)).inc()
            path = safe_path(request)
            logger.info("%s %s %s %s ms", request.method, path, response.status_code, duration_ms,
                        extra={"sigap": {"kind": "request", "method": request.method, "path": path,
                                         "status": response.status_code, "duration_ms": duration_ms}})
            return response
        finally:
            context.reset(token)
