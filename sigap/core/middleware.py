"""Security headers Django does not set by itself, and the request-size cap."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.translation import gettext as _


@lru_cache(maxsize=4)
def _policy(tile_url: str) -> str:
    # Tiles come from a configurable server; everything else is same-origin, so a stored XSS has nowhere to go.
    tile_origin = "/".join(tile_url.split("/")[:3]) if tile_url else ""
    img = f"'self' data: blob: {tile_origin}".strip()
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src {img}",
            "script-src 'self'",
            "style-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'self'",
            "object-src 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Every page, the API docs page too (its Swagger UI is served from our static files, without inline script).
        # Read per request (cached per value) so the policy always names the tile server the page links to.
        response.headers.setdefault("Content-Security-Policy", _policy(settings.SIGAP_TILE_URL))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        return response


def max_request_bytes() -> int:
    return int(getattr(settings, "SIGAP_MAX_REQUEST_BYTES", 32 * 1024 * 1024))


class RequestSizeLimitMiddleware:
    """Refuse a body larger than SIGAP_MAX_REQUEST_BYTES from its Content-Length, before a byte of it is read.

    Django would otherwise stream a 300 MB upload to a temporary file before any view could refuse it. The web server
    in front applies the same cap (nginx `client_max_body_size`, docs/deployment.md); this one holds without it.
    Runs before CSRF and the views, which are what read the body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body from a request whose length it cannot parse
        limit = max_request_bytes()
        if length > limit:
            return too_large(request, limit)
        return self.get_response(request)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """413 in the caller's format: the JSON API's error list, Open311's, or the site's error page."""
    megabytes = limit // (1024 * 1024)
    message = _("What was sent is larger than %(megabytes)d MB. Send fewer or smaller photos (at most 3, each at "
                "most 10 MB) and try again.") % {"megabytes": megabytes}
    if request.path.startswith("/api/"):
        return JsonResponse({"errors": [{"field": None, "code": "too_large", "message": message}]}, status=413)
    if request.path.startswith("/open311/"):
        if request.path.endswith(".xml"):
            body = ('<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>413</code><description>'
                    f"{escape(message)}</description></error></errors>")
            return HttpResponse(body, content_type="text/xml; charset=utf-8", status=413)
        return JsonResponse([{"code": 413, "description": message}], safe=False, status=413)
    return render(request, "413.html", {"megabytes": megabytes}, status=413)
