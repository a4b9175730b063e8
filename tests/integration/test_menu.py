"""Every page the staff menu offers opens for the person it is offered to; unit codes with "/" work in URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sigap.organization.models import Unit
from sigap.seed.demo import demo_usernames
from sigap.web.navigation import STAFF_MENU, staff_menu_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", demo_usernames())
def test_every_menu_page_opens_for_every_demo_account(client, user, username) -> None:
    # given a demo account signed in
    person = user(username)
    client.force_login(person)
    links = staff_menu_for(person)
    assert links, f"{username} is offered no page at all"
    for link in links:
        # when each page of its menu is opened
        response = client.get(link.url)
        # then it opens, and draws the same menu
        assert response.status_code == 200, (username, link.url, response.status_code)
        page = response.content.decode()
        for other in links:
            assert f'href="{other.url}"' in page, (username, link.url, other.url)


@pytest.mark.parametrize("username", demo_usernames())
def test_the_menu_offers_no_page_that_would_refuse_the_person(client, user, username) -> None:
    # given every menu entry, offered or not
    client.force_login(user(username))
    offered = {link.url for link in staff_menu_for(user(username))}
    for entry in STAFF_MENU:
        url = reverse(entry.url_name)
        # then an entry not offered is one the page would refuse, and an offered one opens
        status = client.get(url).status_code
        assert (status == 200) == (url in offered), (username, url, status)


def test_an_opd_officer_is_not_offered_the_chain_page(user) -> None:
    links = {link.url for link in staff_menu_for(user("petugas.pupr"))}
    assert reverse("chain:health") not in links
    assert reverse("staff:queue") in links


def test_a_visitor_is_offered_only_the_staff_login(client) -> None:
    page = client.get("/").content.decode()
    assert 'href="/akun/login/"' in page
    assert 'href="/petugas/"' not in page


@pytest.mark.parametrize("username", ["rt.wajo.01.01", "rw.wajo.01"])
def test_the_counter_opens_for_rt_and_rw_heads_whose_unit_code_holds_a_slash(client, user, username) -> None:
    client.force_login(user(username))
    response = client.get("/layanan/loket/")
    assert response.status_code == 200
    assert "/survei/kios/" in response.content.decode()


def test_the_survey_kiosk_of_an_rt_opens_by_its_code_with_slashes(client) -> None:
    rt = Unit.objects.filter(code__contains="/", is_active=True).first()
    assert rt is not None
    url = reverse("surveys:kiosk", args=[rt.code])
    assert client.get(url).status_code == 200


def test_the_transparency_page_of_a_unit_with_a_slash_in_its_code_opens(client) -> None:
    rt = Unit.objects.filter(code__contains="/", is_active=True).first()
    assert rt is not None
    url = reverse("transparansi:unit", args=[rt.code])
    assert url.count("/") > 4
    assert client.get(url).status_code == 200
