"""Production settings pass Django's deployment checklist with no warnings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parents[2]


def _check_deploy(**extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "sigap.example",
           "DJANGO_SETTINGS_MODULE": "config.settings",
           # A fresh, empty SQLite database: the checkout's own var/ may hold `make run`'s demo accounts.
           "SIGAP_VAR_DIR": tempfile.mkdtemp(prefix="sigap-deploy-check-"), **extra}
    env.pop("DATABASE_URL", None)
    if "REDIS_URL" not in extra:
        env.pop("REDIS_URL", None)
    # The browser tests set this in the test process (Playwright's sync API runs an event loop); production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


WHATSAPP = {"WHATSAPP_ACCESS_TOKEN": "token-from-meta", "WHATSAPP_PHONE_NUMBER_ID": "1234567890"}


def test_manage_check_deploy_passes_with_production_settings() -> None:
    result = _check_deploy(REDIS_URL="redis://127.0.0.1:6379/15", SIGAP_TRUSTED_PROXIES="127.0.0.1", **WHATSAPP)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_whatsapp_messages_would_only_be_recorded() -> None:
    # given production settings without the WhatsApp provider's credentials
    result = _check_deploy(REDIS_URL="redis://127.0.0.1:6379/15", SIGAP_TRUSTED_PROXIES="127.0.0.1")
    # then the checklist warns that receipts would be marked sent while nobody gets them
    assert result.returncode != 0
    assert "sigap.W003" in result.stdout + result.stderr


def test_check_deploy_warns_when_rate_limits_would_be_counted_per_process() -> None:
    result = _check_deploy(SIGAP_TRUSTED_PROXIES="127.0.0.1", **WHATSAPP)

    assert result.returncode != 0
    assert "sigap.W001" in result.stdout + result.stderr


def test_check_deploy_warns_when_behind_a_proxy_that_is_not_trusted() -> None:
    # Given production settings (SECURE_PROXY_SSL_HEADER set) and no trusted proxy
    result = _check_deploy(REDIS_URL="redis://127.0.0.1:6379/15", **WHATSAPP)

    # Then the checklist warns that every citizen would share the proxy's bucket
    assert result.returncode != 0
    assert "sigap.W002" in result.stdout + result.stderr


def test_check_deploy_fails_on_a_trusted_proxy_that_is_not_an_address() -> None:
    result = _check_deploy(REDIS_URL="redis://127.0.0.1:6379/15", SIGAP_TRUSTED_PROXIES="10.0.0.0/8,nginx")

    assert result.returncode != 0
    assert "sigap.E002" in result.stdout + result.stderr


@pytest.fixture(autouse=True)
def _production_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # The browser tests set this in the shared test process (Playwright's sync API runs an event loop); the in-process
    # checklist below must see the environment production has, whichever tests ran before in this worker.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def test_pages_carry_a_content_security_policy_without_inline_scripts(client) -> None:
    response = client.get("/healthz")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_check_deploy_fails_when_demo_accounts_keep_the_demo_password_outside_demo_mode(settings) -> None:
    # Given the demo accounts (loaded for every test database) with the published password, and demo mode off
    settings.SIGAP_DEMO_MODE = False

    # When the deployment checklist runs, then it fails with an error naming them
    with pytest.raises(SystemCheckError, match=r"sigap\.E001.*verifikator"):
        call_command("check", deploy=True)


@pytest.mark.django_db
def test_check_deploy_accepts_demo_accounts_in_demo_mode(settings) -> None:
    settings.SIGAP_DEMO_MODE = True

    call_command("check", deploy=True)


@pytest.mark.django_db
def test_check_deploy_accepts_demo_accounts_whose_password_was_changed(settings, user) -> None:
    settings.SIGAP_DEMO_MODE = False
    from sigap.seed.demo import demo_usernames

    for username in demo_usernames():
        account = user(username)
        account.set_password("a-long-and-private-passphrase")
        account.save()

    call_command("check", deploy=True)


def test_settings_default_to_production_without_configuration() -> None:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY", "SIGAP_DEMO_MODE"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    code = "import config.settings as s; print(s.DEBUG, s.SIGAP_DEMO_MODE)"

    without_key = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                                 timeout=60)
    with_key = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "SECRET_KEY": "x" * 60},
                              capture_output=True, text=True, timeout=60)

    assert without_key.returncode != 0 and "SECRET_KEY must be set" in without_key.stderr
    assert with_key.stdout.split() == ["False", "False"]
