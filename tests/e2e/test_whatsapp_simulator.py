"""The WhatsApp simulator in real Chromium: a citizen types "menu" and sees the bot's answer in a phone-like page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.worker_support import load_reference


@pytest.fixture
def simulator(live_server: Any, settings: Any) -> str:
    from django.core.cache import cache

    from sigap.reports.models import Category

    settings.DEBUG = True
    if not Category.objects.exists():
        load_reference()
    cache.clear()
    return f"{live_server.url}/channels/whatsapp/simulator"


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
