"""Error pages are for people: Indonesian first (English on request), the site's navigation, and a way forward
(search a tracking ID, go home). Seen as production serves them (DEBUG off)."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client, override_settings

NAVIGATION = '<a href="/lapor/">'
TRACK_SEARCH = 'name="id"'
HOME_LINK = "Ke halaman utama"


def _is_a_way_forward(page: str) -> bool:
    return NAVIGATION in page and TRACK_SEARCH in page and HOME_LINK in page and 'action="/"' in page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_mistyped_tracking_id_says_no_report_has_that_number_and_offers_the_search(client) -> None:
    response = client.get("/lacak/BBU-XXXXXX")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Laporan dengan nomor itu tidak ditemukan" in page
    assert 'value="BBU-XXXXXX"' in page
    assert _is_a_way_forward(page)


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_unknown_address_gets_the_indonesian_404_page_with_navigation(client) -> None:
    response = client.get("/tidak-ada-halaman-ini")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and "Not Found" not in page
    assert _is_a_way_forward(page)


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_the_404_page_is_in_english_when_the_browser_asks_for_it(client) -> None:
    response = client.get("/tidak-ada-halaman-ini", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert "Page not found" in page and "Go to the home page" in page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_officer_opening_a_page_they_may_not_see_gets_the_indonesian_403_page(client, user) -> None:
    client.force_login(user("petugas.pupr"))

    response = client.get("/rantai/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "Anda tidak memiliki akses ke halaman ini" in page and "Forbidden" not in page
    assert _is_a_way_forward(page)
    assert 'href="/petugas/"' in page


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_the_403_page_says_why_when_the_page_says_so(client, user) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create(username="bukan.petugas"))

    page = client.get("/petugas/").content.decode()

    assert "Halaman ini khusus petugas." in page
    assert "Anda tidak memiliki akses ke halaman ini" in page


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["sigap.example"])
def test_a_bad_request_gets_the_indonesian_400_page_with_navigation(client) -> None:
    response = client.get("/", HTTP_HOST="sigap.example:99999x")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Permintaan Anda tidak dapat dipahami" in page and "Bad Request" not in page
    assert _is_a_way_forward(page)


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_an_expired_form_gets_the_indonesian_csrf_page() -> None:
    strict = Client(enforce_csrf_checks=True)

    response = strict.post("/lapor/", {"title": "Lampu padam"})

    page = response.content.decode()
    assert response.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in page and "CSRF verification failed" not in page
    assert _is_a_way_forward(page)


@override_settings(DEBUG=False, ROOT_URLCONF="tests.integration.error_urls")
def test_a_server_error_gets_the_indonesian_500_page_without_touching_the_database() -> None:
    # No django_db mark: any database query while rendering would fail this test.
    response = Client(raise_request_exception=False).get("/rusak")

    page = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan di sistem kami" in page and "Server Error" not in page
    assert _is_a_way_forward(page)


def test_the_500_page_renders_with_no_context_at_all() -> None:
    page = loader.get_template("500.html").render()

    assert 'action="/"' in page and TRACK_SEARCH in page
