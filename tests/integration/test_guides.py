"""The first-week guides at /panduan/: one per role, the person's own first, shown once at the first sign-in."""

from __future__ import annotations

import pytest
from django.utils import translation

from sigap.organization.actions import show_guide_once
from sigap.web.guides import all_guides
from sigap.web.navigation import staff_menu_for

pytestmark = pytest.mark.django_db

SLUGS = ["verifikator", "petugas-opd", "kepala-opd", "lurah-camat", "ketua-rt-rw", "petugas-loket", "sekda"]


def sign_in(client, username: str, **query: str):
    path = "/akun/login/" + (f"?next={query['next']}" if "next" in query else "")
    return client.post(path, {"username": username, "password": "sigap-demo"})


def test_the_guide_list_offers_a_guide_for_every_role(client) -> None:
    page = client.get("/panduan/").content.decode()
    for slug in SLUGS:
        assert f'href="/panduan/{slug}/"' in page, slug


def test_the_guide_list_puts_the_persons_own_role_first(client, user) -> None:
    # given a Lurah signed in
    client.force_login(user("lurah.wajo"))
    # when the list opens
    page = client.get("/panduan/").content.decode()
    # then the Lurah and Camat guide comes first and is marked as theirs
    listing = page.split('id="guides"')[1]
    first = listing.index('href="/panduan/')
    assert listing[first:].startswith('href="/panduan/lurah-camat/"')
    assert "peran Anda" in page


@pytest.mark.parametrize("slug", SLUGS)
def test_each_role_guide_opens_for_anyone(client, slug) -> None:
    response = client.get(f"/panduan/{slug}/")
    assert response.status_code == 200
    assert 'id="guide-steps"' in response.content.decode()


def test_an_unknown_role_has_no_guide(client) -> None:
    assert client.get("/panduan/bupati/").status_code == 404


def test_the_verifikators_guide_gives_the_citys_real_verification_limit(client) -> None:
    page = client.get("/panduan/verifikator/").content.decode()
    assert "Batas verifikasi: 3 hari kerja sejak laporan masuk." in page


def test_the_agency_officers_guide_gives_the_real_response_and_resolution_limits(client) -> None:
    page = client.get("/panduan/petugas-opd/").content.decode()
    assert "Batas tanggapan: 5 hari kerja" in page
    assert "14 untuk pengaduan, 60 untuk pengaduan berkadar pengawasan" in page


def test_the_guide_draws_the_three_deadline_colours_as_the_queue_says_them(client) -> None:
    page = client.get("/panduan/petugas-opd/").content.decode()
    assert '<strong class="ontime">3 hari kerja lagi (Senin 7 Des, 16.00)</strong>' in page
    assert '<strong class="due-today">hari ini, 16.00</strong>' in page
    assert '<strong class="late">terlambat 4 hari kerja (Senin 7 Des, 16.00)</strong>' in page


def test_every_guide_text_is_translated_into_indonesian() -> None:
    # given every guide in English and in Indonesian
    with translation.override("en"):
        english = all_guides()
    with translation.override("id"):
        indonesian = all_guides()
    # then no sentence is left in English (names such as "Lurah and Camat" change too: "dan")
    for en, id_ in zip(english, indonesian, strict=True):
        for a, b in zip([en.title, en.summary, *en.steps, *en.deadlines],
                        [id_.title, id_.summary, *id_.steps, *id_.deadlines], strict=True):
            assert a != b or a in {"Kepala OPD"}, a


def test_the_menu_offers_the_guide_to_a_signed_in_person(user) -> None:
    assert "/panduan/" in {link.url for link in staff_menu_for(user("petugas.pupr"))}


def test_a_first_sign_in_lands_on_the_persons_guide_which_leads_on_to_the_queue(client) -> None:
    # when the complaint admin signs in for the first time
    response = sign_in(client, "verifikator")
    # then they land on their own guide, which leads on to where they were going
    assert response.status_code == 302
    assert response["Location"] == "/panduan/verifikator/?next=%2Fpetugas%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'id="guide-continue" href="/petugas/"' in page


def test_the_second_sign_in_goes_straight_to_work(client) -> None:
    # given the guide was shown at a first sign-in
    sign_in(client, "petugas.pupr")
    client.logout()
    # when the officer signs in again
    response = sign_in(client, "petugas.pupr")
    # then they land on the queue
    assert response["Location"] == "/petugas/"


def test_a_sign_in_on_the_way_to_a_page_goes_there_and_the_guide_waits(client, user) -> None:
    # when an officer's first sign-in follows a link to a given page
    response = sign_in(client, "petugas.pupr", next="/layanan/loket/")
    # then that page opens, and the guide is still to be shown at a plain sign-in
    assert response["Location"] == "/layanan/loket/"
    client.logout()
    assert sign_in(client, "petugas.pupr")["Location"].startswith("/panduan/petugas-opd/")


def test_the_login_forms_own_default_destination_still_shows_the_guide(client) -> None:
    # the sign-in form posts next=/petugas/ when no other page was asked for
    response = client.post("/akun/login/", {"username": "sekda", "password": "sigap-demo", "next": "/petugas/"})
    assert response["Location"].startswith("/panduan/sekda/")


def test_the_guide_does_not_lead_on_to_another_site(client) -> None:
    page = client.get("/panduan/verifikator/", {"next": "https://evil.example/"}).content.decode()
    assert 'href="https://evil.example/"' not in page
    assert 'id="guide-continue"' not in page


def test_show_guide_once_says_yes_the_first_time_only(user, frozen_now) -> None:
    person = user("kepala.pupr")
    assert show_guide_once(person=person, now=frozen_now) is True
    assert show_guide_once(person=person, now=frozen_now) is False
