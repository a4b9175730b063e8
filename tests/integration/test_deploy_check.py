"""Production settings pass Django's deployment checklist with no warnings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check_deploy(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "sigap.example",
           "DJANGO_SETTINGS_MODULE": "config.settings", **extra}
    env.pop("DATABASE_URL", None)
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    # The browser tests set this in the test process (Playwright's sync API runs an event loop); production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_manage_check_deploy_passes_with_production_settings() -> None:
    result = _check_deploy(REDIS_URL="redis://127.0.0.1:6379/15")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_rate_limits_would_be_counted_per_process() -> None:
    result = _check_deploy()

    assert result.returncode != 0
    assert "sigap.W001" in result.stdout + result.stderr


def test_pages_carry_a_content_security_policy_without_inline_scripts(client) -> None:
    response = client.get("/healthz")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
