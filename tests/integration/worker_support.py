"""A real task worker for tests: `manage.py db_worker --batch` as a subprocess on PostgreSQL (whose test database
other processes can open), the same command in-process on SQLite's in-memory test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str | None:
    """A URL another process can use for the current test database, or None for in-memory SQLite."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        return (f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
                f"{settings['PORT'] or 5432}/{settings['NAME']}")
    name = str(settings["NAME"])
    if connection.vendor == "sqlite" and "memory" not in name and name != ":memory:":
        return f"sqlite:///{name}"
    return None


def worker_env(**extra: str) -> dict[str, str]:
    url = database_url()
    assert url is not None, "a subprocess worker needs a database other processes can open"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings_test", **extra}
    env.pop("SIGAP_TEST_DB_NAME", None)
    return env


def worker_command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.1", "--no-startup-delay",
            "--worker-id", "test-worker", "--no-reload", *args]


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A long-running `db_worker` subprocess, for a test to kill."""
    return subprocess.Popen(worker_command(), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def kill_worker(worker: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no signal handler, no finally, no commit; what the OOM killer or a lost host does."""
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)


def wait_until(condition: Callable[[], object], timeout: float = 30.0) -> None:
    """Poll a condition the worker makes true (a bounded wait for another process, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.02)


def run_worker_batch(**extra_env: Any) -> None:
    """Run every ready task to the end, as the deployed worker would."""
    if database_url() is not None:
        subprocess.run(worker_command("--batch"), cwd=ROOT, env=worker_env(**extra_env), check=True, timeout=120,
                       capture_output=True)
    else:
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def load_reference() -> None:
    from sigap.seed.demo import load_demo_city

    load_demo_city()


def ensure_reference() -> None:
    """Transactional tests flush every table when they end; put the reference data back when it is gone."""
    from sigap.organization.models import Unit

    if not Unit.objects.filter(code="pengaduan").exists():
        load_reference()


@pytest.fixture(autouse=True)
def reference_for_worker_tests(transactional_db: Any) -> None:
    """Worker tests commit for real (a worker process must see the rows), so each flush takes the reference too."""
    ensure_reference()


@pytest.fixture(scope="module", autouse=True)
def reference_after_worker_tests(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        ensure_reference()
