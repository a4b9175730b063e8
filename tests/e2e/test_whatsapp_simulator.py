"""The WhatsApp simulator in real Chromium: a citizen types "menu" and sees the bot's answer in a phone-like page."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.e2e]
if not Path(CHROMIUM).exists() and os.environ.get("SIGAP_REQUIRE_BROWSER") != "1":
    pytestmark.append(pytest.mark.skip(reason="Chromium is not installed"))

# Playwright's sync API runs an event loop in this thread; the ORM calls here are plain synchronous test setup.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _load_reference() -> None:
    from sigap.calendar.service import calendar_changed
    from sigap.core.seeding import demo, reference

    reference.load_city_wilayah()
    reference.generate_demo_rw_rt()
    reference.load_units()
    reference.load_categories()
    reference.load_services()
    reference.load_calendar()
    demo.create_demo_accounts()
    calendar_changed()


@pytest.fixture(scope="module", autouse=True)
def _restore_reference_after_module(django_db_blocker: Any) -> Iterator[None]:
    # live_server tests flush every table when they end; later tests expect the reference data back.
    yield
    with django_db_blocker.unblock():
        _load_reference()


@pytest.fixture
def simulator(live_server: Any, settings: Any) -> str:
    from django.core.cache import cache

    from sigap.reports.models import Category

    settings.DEBUG = True
    if not Category.objects.exists():
        _load_reference()
    cache.clear()
    return f"{live_server.url}/channels/whatsapp/simulator"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def test_a_citizen_types_menu_and_sees_the_bots_reply(simulator, browser) -> None:
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(simulator)

    page.fill("#sim-send input[name=text]", "menu")
    page.click("#sim-send button")

    page.wait_for_selector("#sim-thread li.sim-theirs")
    assert page.inner_text("#sim-thread li.sim-mine").strip().startswith("menu")
    reply = page.inner_text("#sim-thread li.sim-theirs")
    assert "Sigap" in reply
    assert page.locator(".sim-choices button").count() == 3  # Lapor, Cek status, Laporan saya


def test_the_simulator_is_styled_like_a_phone(simulator, browser) -> None:
    page = browser.new_context().new_page()
    page.goto(simulator)

    radius = page.eval_on_selector(".sim-phone", "element => getComputedStyle(element).borderTopLeftRadius")
    assert radius == "28px"


def test_the_simulator_does_not_exist_outside_debug(db, settings, client) -> None:
    settings.DEBUG = False
    assert client.get("/channels/whatsapp/simulator").status_code == 404
