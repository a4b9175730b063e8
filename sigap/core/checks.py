"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

LOCAL_MEMORY_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@checks.register(checks.Tags.security, deploy=True)
def shared_cache_for_rate_limits(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Rate limits live in the cache; a per-process cache lets each web process count on its own."""
    if settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY_CACHE:
        return []
    return [checks.Warning(
        "The cache is local to each process, so intake rate limits are counted per process.",
        hint="Set REDIS_URL so every web process shares one cache.",
        id="sigap.W001",
    )]


@checks.register(checks.Tags.security, deploy=True)
def proxy_is_trusted_behind_https_proxy(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Behind a TLS-terminating proxy every request comes from the proxy: untrusted, it is every citizen's address."""
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None) or getattr(settings, "SIGAP_TRUSTED_PROXIES", None):
        return []
    return [checks.Warning(
        "SECURE_PROXY_SSL_HEADER says a proxy is in front, but SIGAP_TRUSTED_PROXIES is empty: every citizen shares "
        "the proxy's rate-limit bucket.",
        hint="Set SIGAP_TRUSTED_PROXIES to the proxy's address or CIDR (e.g. 127.0.0.1 for nginx on the same host).",
        id="sigap.W002",
    )]


@checks.register(checks.Tags.security)
def trusted_proxies_parse(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from sigap.core.ratelimit import trusted_proxies

    try:
        trusted_proxies()
    except ValueError as error:
        return [checks.Error(str(error), hint="Use addresses or CIDRs, comma separated.", id="sigap.E002")]
    return []
