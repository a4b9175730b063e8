"""Security headers Django does not set by itself."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse


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
        # The OpenAPI docs page loads its own assets; it is a developer page, not a citizen page.
        if not request.path.startswith("/api/v1/docs"):
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
