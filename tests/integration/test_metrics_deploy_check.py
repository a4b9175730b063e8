"""The deployment checklist catches a guessable metrics token and per-process request counts."""

from __future__ import annotations

import secrets

from tests.integration.test_deploy_check import WHATSAPP, _check_deploy

PRODUCTION = {"REDIS_URL": "redis://127.0.0.1:6379/15", "SIGAP_TRUSTED_PROXIES": "127.0.0.1", **WHATSAPP}


def test_check_deploy_passes_with_a_long_metrics_token_and_the_multiprocess_directory(tmp_path) -> None:
    result = _check_deploy(**PRODUCTION, SIGAP_METRICS_TOKEN=secrets.token_urlsafe(32),
                           PROMETHEUS_MULTIPROC_DIR=str(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_about_a_short_metrics_token(tmp_path) -> None:
    result = _check_deploy(**PRODUCTION, SIGAP_METRICS_TOKEN="metrics", PROMETHEUS_MULTIPROC_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "sigap.monitoring.W001" in result.stdout + result.stderr


def test_check_deploy_warns_when_requests_would_be_counted_per_process() -> None:
    result = _check_deploy(**PRODUCTION, SIGAP_METRICS_TOKEN=secrets.token_urlsafe(32), PROMETHEUS_MULTIPROC_DIR="")

    assert result.returncode != 0
    assert "sigap.monitoring.W002" in result.stdout + result.stderr
