"""The printable monthly report renders in real Chromium (screen and A4 print), with a screenshot as evidence."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.waits import next_page
from tests.integration.worker_support import load_reference

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def site(live_server: Any) -> str:
    from django.contrib.auth import get_user_model

    if not get_user_model().objects.filter(username="sekda").exists():
        load_reference()
    return str(live_server.url)


def test_sekda_opens_the_monthly_report_and_it_prints_on_a4(site: str, browser: Any) -> None:
    from django.utils import timezone

    from tests.factories import make_report

    received = timezone.now() - timedelta(hours=2)
    make_report(now=received, title="Jalan rusak untuk laporan bulanan")
    make_report(category="sampah", now=received)
    month = timezone.localtime(received).strftime("%Y-%m")
    ARTIFACTS.mkdir(exist_ok=True)

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/akun/login/?next=/pimpinan/laporan-bulanan/?month={month}")
    page.fill("input[name=username]", "sekda")
    page.fill("input[name=password]", "sigap-demo")
    with next_page(page):
        page.click("form button[type=submit], form input[type=submit]")
    page.goto(f"{site}/pimpinan/laporan-bulanan/?month={month}")
    page.screenshot(path=str(ARTIFACTS / "monthly_report.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "monthly_report_print.png"), full_page=True)
    pdf = page.pdf(format="A4")

    assert page.locator("td[data-figure=total]").inner_text() == "2"
    assert not page.locator("header.top").is_visible()  # print CSS hides the site chrome
    assert pdf.startswith(b"%PDF")
    context.close()
