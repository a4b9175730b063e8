"""With REDIS_URL set, every web process counts intake against the same limits (production serves several)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SIGAP_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

# One intake counted for a contact in a fresh process; prints "limited" once the daily limit is passed.
HIT = """
from sigap.core.errors import RateLimited
from sigap.core.ratelimit import hit_intake
try:
    hit_intake(address="10.0.0.1", contacts=["CONTACT"])
    print("counted")
except RateLimited:
    print("limited")
"""


@pytest.fixture
def redis_url() -> str:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not answering at {REDIS_URL}: start redis-server or set SIGAP_TEST_REDIS_URL")
    yield REDIS_URL
    for key in client.scan_iter("*sigap:rl:*"):
        client.delete(key)


def _hit_in_new_process(url: str, contact: str) -> str:
    env = {**os.environ, "REDIS_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(60), "SIGAP_RATE_INTAKE_PER_CONTACT_DAY": "2"}
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", HIT.replace("CONTACT", contact)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]  # the shell may first list what it imported


def test_the_contact_limit_is_shared_by_separate_processes(redis_url: str) -> None:
    contact = f"+62812{secrets.randbelow(10**7):07d}"

    answers = [_hit_in_new_process(redis_url, contact) for _ in range(3)]

    assert answers == ["counted", "counted", "limited"]
