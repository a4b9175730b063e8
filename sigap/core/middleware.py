"""Security headers Django does not set by itself."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

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
