"""Every demo account walks its own menu on a 360 px phone: each page answers 200 and nothing overflows sideways."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from sigap.seed.demo import demo_usernames
from tests.factories import make_report

WIDTH = 360
PUBLIC = {"/", "/lapor/", "/layanan/", "/transparansi/"}


def _session_cookie(username: str, site: str) -> dict[str, Any]:
    """A signed-in session made directly (the login form's throttle is not what this test is about)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "domain": urlparse(site).hostname, "path": "/"}


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", demo_usernames())
def test_each_roles_menu_pages_open_and_fit_a_360px_screen(site, browser, username) -> None:
    # given reports to list (long titles are what push a table sideways) and the account on a 360 px phone
    make_report(title="Jalan berlubang besar di depan Pasar Wajo yang membahayakan pengendara motor setiap malam")
    make_report(category="sampah")
    context = browser.new_context(viewport={"width": WIDTH, "height": 740})
    context.add_cookies([_session_cookie(username, site)])
    page = context.new_page()
    response = page.goto(f"{site}/")
    assert response is not None and response.status == 200
    menu = [urlparse(href).path for href in page.eval_on_selector_all(
        "header.top nav a", "links => links.map(a => a.getAttribute('href'))")]
    staff_pages = [path for path in menu if path not in PUBLIC]
    assert staff_pages, f"{username} sees no staff page in the menu"
    problems = []
    for path in ["/", *staff_pages]:
        # when each page of the menu is opened
        response = page.goto(f"{site}{path}")
        # then it answers 200 and is no wider than the screen
        status = response.status if response is not None else 0
        width = _overflow(page)
        if status != 200 or width > WIDTH:
            problems.append((path, status, width))
    context.close()
    assert problems == [], f"{username}: (path, status, scrollWidth) {problems}"
