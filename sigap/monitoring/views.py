from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client.exposition import choose_encoder

from sigap.monitoring.metrics import scrape_registry


def _authorised(request: HttpRequest) -> bool:
    expected = str(getattr(settings, "SIGAP_METRICS_TOKEN", "") or "")
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer" or not given:
        return False
    # Constant time: how long a refusal takes must not tell how much of a guess was right.
    return hmac.compare_digest(given.strip().encode(), expected.encode())


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text with the right bearer token; otherwise (and when no token is set) a 404 like any unknown
    path, so the endpoint is not even seen to exist."""
    if request.method not in ("GET", "HEAD") or not _authorised(request):
        raise Http404
    # Prometheus text 0.0.4 by default; OpenMetrics when the scraper asks for it.
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    response = HttpResponse(encode(scrape_registry()), content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response
