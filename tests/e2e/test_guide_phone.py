"""The first-week guides on a 360 px phone: a first sign-in lands on the guide, which fits and leads on to work."""

from __future__ import annotations

import pytest

from tests.e2e.waits import next_page

WIDTH = 360
SLUGS = ["verifikator", "petugas-opd", "kepala-opd", "lurah-camat", "ketua-rt-rw", "petugas-loket", "sekda"]


@pytest.mark.django_db(transaction=True)
def test_a_first_sign_in_on_a_phone_shows_the_guide_once_and_it_fits_the_screen(site, browser) -> None:
    # given an OPD officer on a 360 px phone, signing in for the first time
    context = browser.new_context(viewport={"width": WIDTH, "height": 740})
    page = context.new_page()
    page.goto(f"{site}/akun/login/")
    page.fill("#id_username", "petugas.pupr")
    page.fill("#id_password", "sigap-demo")
    with next_page(page):
        page.click("main form button[type=submit]")
    # then the officer's own guide opens, no wider than the screen
    assert "/panduan/petugas-opd/" in page.url
    assert page.locator("#guide-steps li").count() >= 3
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= WIDTH
    # and its button leads on to the work queue
    with next_page(page):
        page.click("#guide-continue")
    assert page.url.endswith("/petugas/")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_every_guide_fits_a_360px_screen(site, browser) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    too_wide = []
    for slug in ["", *SLUGS]:
        path = f"/panduan/{slug}/" if slug else "/panduan/"
        response = page.goto(f"{site}{path}")
        width = int(page.evaluate("document.documentElement.scrollWidth"))
        if response is None or response.status != 200 or width > WIDTH:
            too_wide.append((path, response.status if response else 0, width))
    context.close()
    assert too_wide == []
