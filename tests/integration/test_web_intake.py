"""The citizen's report form without JavaScript: step through the place, see duplicates, file, follow."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.cache import cache

from sigap.reports.models import Report, ReportFollower
from sigap.web import form_token
from tests.factories import WAJO, jpeg_bytes, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    cache.clear()


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "pengaduan", "category": "jalan_rusak", "kecamatan": "74.72.06", "kelurahan": WAJO,
        "rw": f"{WAJO}/RW001", "rt": f"{WAJO}/RW001/RT001", "title": "Jalan berlubang",
        "description": "Lubang besar di depan pasar.", "name": "La Ode", "phone": "0812 3456 7891",
        "email": "", "website": "", "form_token": form_token.issue(),
    }
    data.update(overrides)
    return data


def test_the_form_offers_the_citys_kecamatan_and_no_kelurahan_until_one_is_chosen(client) -> None:
    page = client.get("/lapor/").content.decode()

    assert 'value="74.72.06"' in page
    assert f'value="{WAJO}"' not in page


def test_choosing_a_kecamatan_without_javascript_offers_its_kelurahan_and_keeps_what_was_typed(client) -> None:
    page = client.post("/lapor/", {"kecamatan": "74.72.06", "title": "Lampu mati", "step": "place"}).content.decode()

    assert f'value="{WAJO}"' in page
    assert 'value="Lampu mati"' in page


def test_a_changed_kecamatan_clears_a_kelurahan_of_another_kecamatan(client) -> None:
    page = client.get("/lapor/", {"kecamatan": "74.72.01", "kelurahan": WAJO}).content.decode()

    assert f'<option value="{WAJO}" selected' not in page


def test_open_reports_of_the_same_category_and_kelurahan_are_offered_to_follow(client) -> None:
    existing = make_report()

    page = client.get("/lapor/", {"category": "jalan_rusak", "kecamatan": "74.72.06",
                                  "kelurahan": WAJO}).content.decode()

    assert existing.tracking_id in page
    assert f"/lapor/ikuti/{existing.tracking_id}" in page


def test_a_rahasia_report_is_never_offered_as_a_duplicate(client) -> None:
    hidden = make_report(rahasia=True)

    page = client.get("/lapor/", {"category": "jalan_rusak", "kecamatan": "74.72.06",
                                  "kelurahan": WAJO}).content.decode()

    assert hidden.tracking_id not in page


def test_filing_a_report_with_a_photo_shows_its_tracking_id_and_deadline(client) -> None:
    upload = io.BytesIO(jpeg_bytes((300, 200), exif_gps=True))
    upload.name = "foto.jpg"

    response = client.post("/lapor/", {**form_data(), "photos": [upload]}, follow=True)

    page = response.content.decode()
    report = Report.objects.latest("id")
    assert report.tracking_id in page
    assert "WITA" in page
    assert report.reporter_phone == "+6281234567891"
    assert report.photos.count() == 1


def test_a_filled_honeypot_stores_nothing(client) -> None:
    before = Report.objects.count()

    response = client.post("/lapor/", form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert Report.objects.count() == before


def test_a_report_without_any_contact_is_refused_in_words(client) -> None:
    before = Report.objects.count()

    response = client.post("/lapor/", form_data(phone="", email=""))

    assert response.status_code == 400
    assert "WhatsApp" in response.content.decode()
    assert Report.objects.count() == before


def test_a_bad_phone_number_is_refused_on_its_field(client) -> None:
    response = client.post("/lapor/", form_data(phone="12"))

    assert response.status_code == 400
    assert Report.objects.filter(title="Jalan berlubang", reporter_phone="12").count() == 0


def test_a_script_posing_as_a_photo_is_refused_and_nothing_is_stored(client) -> None:
    script = io.BytesIO(b"<?php system($_GET['c']); ?>")
    script.name = "foto.jpg"
    before = Report.objects.count()

    response = client.post("/lapor/", {**form_data(), "photos": [script]})

    assert response.status_code == 400
    assert Report.objects.count() == before


def test_a_burst_from_one_contact_gets_a_polite_form_message(client, settings) -> None:
    settings.SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 1
    client.post("/lapor/", form_data())

    response = client.post("/lapor/", form_data())

    assert response.status_code == 429
    assert "try again" in response.content.decode().lower() or "coba" in response.content.decode().lower()


def test_following_a_duplicate_subscribes_the_contact(client) -> None:
    existing = make_report()

    response = client.post(f"/lapor/ikuti/{existing.tracking_id}", {"phone": "0813 1111 2222", "email": ""})

    assert response.status_code == 200
    assert ReportFollower.objects.filter(report=existing, phone="+6281311112222").exists()


def test_following_needs_a_contact(client) -> None:
    existing = make_report()

    response = client.post(f"/lapor/ikuti/{existing.tracking_id}", {"phone": "", "email": ""})

    assert response.status_code == 400
    assert not ReportFollower.objects.filter(report=existing).exists()


def test_the_form_uses_no_inline_script_or_style(client) -> None:
    page = client.get("/lapor/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page


def test_the_home_page_links_to_the_form(client) -> None:
    assert 'href="/lapor/"' in client.get("/").content.decode()


def test_a_complaint_about_a_missed_standard_names_the_service_from_the_service_page(client) -> None:
    from sigap.services.models import ReportService

    page = client.get("/lapor/?materi=ketidaksesuaian_standar&layanan=ktp_el&kind=pengaduan")
    assert 'value="ktp_el" selected' in page.content.decode()

    response = client.post("/lapor/", {
        "kind": "pengaduan", "materi": "ketidaksesuaian_standar", "layanan": "ktp_el", "category": "adminduk",
        "kecamatan": "74.72.06", "kelurahan": WAJO, "title": "KTP-el tidak selesai hari itu",
        "description": "Standar bilang selesai hari itu juga, saya disuruh kembali minggu depan.",
        "phone": "081234567890", "form_token": form_token.issue(),
    })

    assert response.status_code == 302
    link = ReportService.objects.select_related("report", "service").get()
    assert link.service.code == "ktp_el"
    assert link.report.materi == "ketidaksesuaian_standar"
