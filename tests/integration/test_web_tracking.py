"""Tracking page and the reporter's secret link, under the identity rules."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from sigap.reports.models import Report
from tests.factories import make_report, photo

pytestmark = pytest.mark.django_db


def test_the_tracking_page_shows_status_deadline_in_wita_and_timeline(client) -> None:
    report = make_report()

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert report.tracking_id in page
    assert "Diterima" in page or "Received" in page
    assert "WITA" in page


def test_the_home_search_box_leads_to_the_tracking_page(client) -> None:
    report = make_report()

    response = client.get("/", {"id": report.tracking_id.lower()})

    assert response.status_code == 302
    assert response["Location"] == f"/lacak/{report.tracking_id}"


def test_an_anonim_reporters_name_is_not_on_the_tracking_page(client) -> None:
    report = make_report(anonim=True)

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert "Wa Ode Sitti" not in page


def test_contact_details_are_never_on_the_tracking_page(client) -> None:
    report = make_report()

    page = client.get(f"/lacak/{report.tracking_id}").content.decode()

    assert "+6281234500001" not in page
    assert "sitti@example.com" not in page


def test_a_rahasia_report_is_reachable_only_by_the_reporters_link(client) -> None:
    report = make_report(rahasia=True)

    assert client.get(f"/lacak/{report.tracking_id}").status_code == 404
    assert client.get(f"/lacak/{report.tracking_id}/pelapor/wrong-token").status_code == 404
    assert client.get(f"/lacak/{report.tracking_id}/pelapor/{report.reporter_token}").status_code == 200


def test_a_rahasia_reports_photo_is_not_served_without_the_link(client) -> None:
    report = make_report(rahasia=True, photos=[photo()])
    photo_id = report.photos.get().pk

    assert client.get(f"/lacak/{report.tracking_id}/foto/{photo_id}").status_code == 404
    reporter_photo = f"/lacak/{report.tracking_id}/pelapor/{report.reporter_token}/foto/{photo_id}"
    assert client.get(reporter_photo).status_code == 200


def test_served_photos_carry_no_exif(client) -> None:
    from sigap.reports.photos import clean_photo
    from tests.factories import jpeg_bytes

    report = make_report(photos=[clean_photo(io.BytesIO(jpeg_bytes((500, 400), exif_gps=True)))])
    photo_id = report.photos.get().pk

    response = client.get(f"/lacak/{report.tracking_id}/foto/{photo_id}")

    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert not image.getexif()
    assert "exif" not in image.info


def test_the_reporter_is_told_nothing_is_needed_while_the_report_is_being_checked(client) -> None:
    report = make_report()

    page = client.get(f"/lacak/{report.tracking_id}/pelapor/{report.reporter_token}").content.decode()

    assert 'id="reporter-actions"' in page
    assert "/confirm" not in page


def test_confirming_a_report_that_is_not_resolved_changes_nothing_and_says_why(client) -> None:
    report = make_report()

    response = client.post(f"/lacak/{report.tracking_id}/pelapor/{report.reporter_token}/confirm", follow=True)

    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).status == "received"
