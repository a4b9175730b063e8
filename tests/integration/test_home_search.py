"""The home page's search box and WhatsApp number: a typo stays on the page, a LYN- number goes to services."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_a_mistyped_tracking_id_stays_on_the_home_page_and_says_it_was_not_found(client) -> None:
    # given a report, and an ID of the right shape that is not it
    make_report()
    # when a citizen types the wrong ID in the home page's box
    response = client.get("/", {"id": "bbu-aaaaaa"})
    # then the home page answers, keeps what was typed, and says plainly it was not found
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="bbu-aaaaaa"' in page
    assert "tidak ditemukan, periksa lagi" in page


def test_a_service_number_typed_on_the_home_page_goes_to_service_tracking(client) -> None:
    # when a citizen types a counter service number in the home page's box
    response = client.get("/", {"id": "lyn aaaaaa"})
    # then they are sent to the service tracking page for it
    assert response.status_code == 302
    assert response["Location"] == "/layanan/lacak/LYN-AAAAAA"


def test_a_confidential_reports_id_is_not_found_from_the_home_page(client) -> None:
    # given a rahasia report, which opens only from the reporter's own link
    report = make_report(rahasia=True)
    # when its ID is typed in the home page's box
    response = client.get("/", {"id": report.tracking_id})
    # then the page says nothing more than "not found" (the same as for an ID that does not exist)
    assert response.status_code == 200
    assert "tidak ditemukan" in response.content.decode()


def test_the_home_page_shows_the_citys_whatsapp_number_with_a_wa_me_link(client) -> None:
    # given the city's published number, written as people write it
    with override_settings(SIGAP_WHATSAPP_DISPLAY_NUMBER="0811-4000-777"):
        # when the home page opens
        page = client.get("/").content.decode()
    # then it shows the number and links it to a WhatsApp chat in international digits
    assert "0811-4000-777" in page
    assert 'href="https://wa.me/628114000777"' in page


def test_the_home_page_shows_no_whatsapp_link_when_the_city_has_published_no_number(client) -> None:
    with override_settings(SIGAP_WHATSAPP_DISPLAY_NUMBER=""):
        page = client.get("/").content.decode()
    assert "wa.me" not in page
