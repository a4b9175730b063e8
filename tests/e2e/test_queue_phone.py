"""The work queue on a 360 px phone: no sideways scrolling, each report a card with one big button, for the
complaint desk and for a Lurah reading the agency reports of his kelurahan."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.waits import next_page
from tests.factories import make_report

WIDTH = 360
LONG_TITLE = ("Saluran air tersumbat sampah plastik sepanjang jalan utama dekat pasar sentral sehingga "
              "banjir setiap hujan deras")


def queue_on_a_phone(browser: Any, site: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": WIDTH, "height": 740})
    page = context.new_page()
    page.goto(f"{site}/akun/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "sigap-demo")
    with next_page(page):
        page.click("main form button[type=submit]")
    if "/panduan/" in page.url:  # a first sign-in shows the role's guide once
        with next_page(page):
            page.click("#guide-continue")
    page.wait_for_selector("#queue")
    return page


def reports_in_wajo(user: Any) -> None:
    from sigap.organization.models import Unit
    from sigap.reports import actions

    make_report(title=LONG_TITLE)
    handled_by_pupr = make_report(title="Jalan berlubang di depan pasar Wajo")
    actions.dispatch_report(report=handled_by_pupr, by=user("verifikator"), lead_unit=Unit.objects.get(code="pupr"))


def fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def big_button_width(page: Any) -> float:
    box = page.locator("#queue tbody tr td.go .button").first.bounding_box()
    return float(box["width"]) if box else 0.0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", ["verifikator", "lurah.wajo"])
def test_the_queue_fits_a_360px_phone_as_cards_with_one_big_button(site, browser, user, username) -> None:
    # given reports in Wajo, one handled by Dinas PUPR
    reports_in_wajo(user)

    # when the person opens the queue on a 360 px phone
    page = queue_on_a_phone(browser, site, username)

    # then nothing scrolls sideways and every report is a card whose button spans it
    assert page.locator("#queue tbody tr td.go .button").count() >= 1
    assert fits_the_screen(page)
    assert page.evaluate("getComputedStyle(document.querySelector('#queue tbody tr')).display") == "block"
    assert big_button_width(page) >= WIDTH * 0.7
    page.context.close()
