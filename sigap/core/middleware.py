"""Security headers Django does not set by itself, no-store for private responses, and the request-size cap."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

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


# Pages only staff open, and sign-in pages (a password-reset link carries a secret). Whatever they show is private.
PRIVATE_PREFIXES = ("/petugas/", "/pimpinan/", "/rantai/", "/layanan/loket/", "/layanan/kepatuhan/", "/admin/",
                    "/akun/", "/api/v1/staff/")
NO_STORE = "no-store"


def is_private_response(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether a response must not be kept by the browser or any cache on the way (a shared PC at a kantor
    kelurahan, a proxy, the back button after signing out)."""
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    # Only with a session cookie: reading the user otherwise would add `Vary: Cookie` to every public page.
    user = getattr(request, "user", None) if settings.SESSION_COOKIE_NAME in request.COOKIES else None
    if user is not None and user.is_authenticated:  # a signed-in officer's view of any page
        return True
    if request.headers.get("Authorization"):  # the staff API's bearer tokens
        return True
    # Exports (CSV, XLSX) are downloads someone asked for; a copy left in a cache is a copy nobody controls.
    return "attachment" in response.headers.get("Content-Disposition", "")


class NoStoreMiddleware:
    """`Cache-Control: no-store` on staff pages, exports and anything answered to a signed-in person; the
    reporter's secret-link pages carry it through `no_store`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private_response(request, response):
            # Replaces any earlier caching header (a photo's max-age): private wins.
            response.headers["Cache-Control"] = NO_STORE
        return response


def no_store(view: Callable[..., Any]) -> Callable[..., Any]:
    """For a page behind a secret link (the reporter's page): nothing of it is kept anywhere."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        response.headers["Cache-Control"] = NO_STORE
        return response

    return wrapped


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
