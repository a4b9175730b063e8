"""`manage.py check --deploy`: a metrics token that can be guessed, or request counts that differ per process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from sigap.monitoring.metrics import multiprocess_dir

MIN_TOKEN_LENGTH = 24


@checks.register(checks.Tags.security, deploy=True)
def metrics_token_is_long(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    token = str(getattr(settings, "SIGAP_METRICS_TOKEN", "") or "")
    if not token or len(token) >= MIN_TOKEN_LENGTH:
        return []
    return [checks.Warning(
        f"SIGAP_METRICS_TOKEN is shorter than {MIN_TOKEN_LENGTH} characters: /metrics (unit backlogs, traffic) could "
        "be guessed.",
        hint='Use a random one: python -c "import secrets; print(secrets.token_urlsafe(32))".',
        id="sigap.monitoring.W001",
    )]


@checks.register(deploy=True)
def metrics_add_up_every_process(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not getattr(settings, "SIGAP_METRICS_TOKEN", "") or multiprocess_dir():
        return []
    return [checks.Warning(
        "/metrics is on but PROMETHEUS_MULTIPROC_DIR is not set: each gunicorn process would report only the "
        "requests it served itself.",
        hint="Set PROMETHEUS_MULTIPROC_DIR to a directory fresh at each start, e.g. /run/sigap-metrics "
             "(docs/monitoring.md).",
        id="sigap.monitoring.W002",
    )]
