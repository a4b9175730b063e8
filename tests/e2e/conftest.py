"""What every browser test shares: the system Chromium, the skip rule, and the reference data live_server wipes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.waits import WAIT_MS, PatientBrowser
from tests.integration.worker_support import load_reference

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

# Playwright's sync API runs an event loop in this thread; the ORM calls here are plain synchronous test setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Browser tests skip where Chromium is missing, unless CI demands the browser (then they fail)."""
    here = Path(__file__).parent
    missing = not Path(CHROMIUM).exists() and os.environ.get("SIGAP_REQUIRE_BROWSER") != "1"
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.e2e)
            if missing:
                item.add_marker(pytest.mark.skip(reason="Chromium is not installed"))


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_after_module(django_db_blocker: Any) -> Iterator[None]:
    # live_server tests flush every table when they end; later tests expect the reference data back.
    yield
    with django_db_blocker.unblock():
        load_reference()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium whose contexts, and every `expect`, wait for a condition up to WAIT_MS (tests/e2e/waits.py)."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=WAIT_MS)
        yield PatientBrowser(launched)
        launched.close()


@pytest.fixture
def site(live_server: Any) -> str:
    """The live server's address, with the reference data present and no cached page from an earlier test."""
    from django.core.cache import cache

    from tests.integration.worker_support import ensure_reference

    ensure_reference()
    cache.clear()
    return str(live_server.url)


@pytest.fixture
def tiles(settings: Any) -> Iterator[Any]:
    """The pages' maps draw from a fake tile server on localhost that records what it was asked."""
    from tests.e2e.tiles import FakeTileServer

    with FakeTileServer() as server:
        settings.SIGAP_TILE_URL = server.url
        yield server


@pytest.fixture
def broken_tiles(settings: Any) -> Iterator[Any]:
    """A tile server that answers every tile with 404, as a blocked or dead one would."""
    from tests.e2e.tiles import FakeTileServer

    with FakeTileServer(fail=True) as server:
        settings.SIGAP_TILE_URL = server.url
        yield server
